import { Module } from '@nestjs/common';
import { ChangeTracker } from './change-tracker';
import { RedisInvalidation } from './redis-invalidation';

@Module({ providers: [ChangeTracker, RedisInvalidation], exports: [ChangeTracker] })
export class ChangeTrackerModule {}
