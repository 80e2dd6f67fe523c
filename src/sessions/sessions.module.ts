import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { SecurityModule } from '../core/crypto/security.module';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

@Module({ imports: [TypeOrmModule.forFeature([Session]), SecurityModule, ChangeTrackerModule], providers: [SessionsService], exports: [SessionsService] })
export class SessionsModule {}
