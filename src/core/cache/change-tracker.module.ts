import { Module } from '@nestjs/common';
import { ChangeTracker } from './change-tracker';

@Module({ providers: [ChangeTracker], exports: [ChangeTracker] })
export class ChangeTrackerModule {}
