import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { SecurityModule } from '../core/crypto/security.module';
import { ServerSettings } from './server-settings.entity';
import { ServerSettingsService } from './server-settings.service';

@Module({
  imports: [TypeOrmModule.forFeature([ServerSettings]), SecurityModule, AuditModule],
  providers: [ServerSettingsService],
  exports: [ServerSettingsService],
})
export class ServerSettingsModule {}
