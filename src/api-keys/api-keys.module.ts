import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { SecurityModule } from '../core/crypto/security.module';
import { ServerSettingsModule } from '../settings/server-settings.module';
import { UsersModule } from '../users/users.module';
import { ApiKey } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), SecurityModule, ServerSettingsModule, AuditModule, UsersModule, ChangeTrackerModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
