import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { WorkgroupsModule } from '../workgroups/workgroups.module';
import { UserAdministrationService } from './user-administration.use-case';
import { UsersController } from './users.controller';
import { UsersModule } from '../users/users.module';

/** The /users Web API: sits above users, workgroups, keys and sessions, which it composes. */
@Module({
  imports: [UsersModule, WorkgroupsModule, ApiKeysModule, SessionsModule, AuditModule],
  controllers: [UsersController],
  providers: [UserAdministrationService],
})
export class UsersApiModule {}
