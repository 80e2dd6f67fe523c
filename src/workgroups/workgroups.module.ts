import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { Workgroup, WorkgroupMember } from './workgroup.entity';
import { WorkgroupsController } from './workgroups.controller';
import { WorkgroupsService } from './workgroups.service';

@Module({
  imports: [TypeOrmModule.forFeature([Workgroup, WorkgroupMember]), UsersModule, AuditModule],
  controllers: [WorkgroupsController],
  providers: [WorkgroupsService],
  exports: [WorkgroupsService],
})
export class WorkgroupsModule {}
