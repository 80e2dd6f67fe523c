import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityModule } from '../core/crypto/security.module';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';

@Module({ imports: [TypeOrmModule.forFeature([Session]), SecurityModule], providers: [SessionsService], exports: [SessionsService] })
export class SessionsModule {}
