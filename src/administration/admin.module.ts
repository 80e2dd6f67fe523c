import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ServerSettingsModule } from '../settings/server-settings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { WorkgroupsModule } from '../workgroups/workgroups.module';
import { AdminController } from './admin.controller';
import { TenantProvisioningService } from './tenant-provisioning.use-case';

@Module({
  imports: [TenantsModule, UsersModule, WorkgroupsModule, SessionsModule, ServerSettingsModule, AuditModule],
  controllers: [AdminController],
  providers: [TenantProvisioningService],
  exports: [TenantProvisioningService],
})
export class AdminModule {}
