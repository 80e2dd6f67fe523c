import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { WorkgroupsModule } from '../workgroups/workgroups.module';
import { SettingsController } from './tenant-settings.controller';
import { TenantSettingsService } from './tenant-settings-change.use-case';

@Module({
  imports: [TenantsModule, UsersModule, WorkgroupsModule, SessionsModule, AuditModule],
  controllers: [SettingsController],
  providers: [TenantSettingsService],
  exports: [TenantSettingsService],
})
export class SettingsModule {}
