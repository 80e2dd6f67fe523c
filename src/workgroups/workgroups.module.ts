import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { AdministratorsSignInRule } from './administrators-sign-in.rule';
import { Workgroup, WorkgroupMember } from './workgroup.entity';
import { WorkgroupsController } from './workgroups.controller';
import { WorkgroupsService } from './workgroups.service';

@Module({
  imports: [TypeOrmModule.forFeature([Workgroup, WorkgroupMember]), UsersModule, TenantsModule, AuditModule, ChangeTrackerModule],
  controllers: [WorkgroupsController],
  providers: [WorkgroupsService, AdministratorsSignInRule],
  exports: [WorkgroupsService, AdministratorsSignInRule],
})
export class WorkgroupsModule {}
