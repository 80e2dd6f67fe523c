import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChangeTrackerModule } from '../core/cache/change-tracker.module';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuditModule } from '../audit/audit.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ServerSettingsModule } from '../settings/server-settings.module';
import { TenantsModule } from '../tenants/tenants.module';
import { UsersModule } from '../users/users.module';
import { WorkgroupsModule } from '../workgroups/workgroups.module';
import { AuthController } from './auth.controller';
import { MeController } from './me.controller';
import { AuthFailure } from './auth-failure.entity';
import { AuthGuard } from './auth.guard';
import { SignInService } from './sign-in.service';
import { BasicStrategy } from './strategies/basic.strategy';
import { BearerStrategy } from './strategies/bearer.strategy';
import { SessionStrategy } from './strategies/session.strategy';
import { CredentialRoutes } from './credential-routes';
import { ThrottleService } from './throttle.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([AuthFailure]),
    TenantsModule,
    UsersModule,
    WorkgroupsModule,
    SessionsModule,
    ApiKeysModule,
    ServerSettingsModule,
    AuditModule,
    ChangeTrackerModule,
  ],
  controllers: [AuthController, MeController],
  providers: [CredentialRoutes, ThrottleService, SignInService, BasicStrategy, BearerStrategy, SessionStrategy, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [CredentialRoutes, ThrottleService, SignInService],
})
export class AuthModule {}
