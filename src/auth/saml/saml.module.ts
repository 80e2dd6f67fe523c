import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../../audit/audit.module';
import { SettingsModule } from '../../administration/tenant-settings.module';
import { TenantsModule } from '../../tenants/tenants.module';
import { UsersModule } from '../../users/users.module';
import { AuthModule } from '../auth.module';
import { SamlConsumedAssertion, SamlRequest } from './saml-replay.entity';
import { SamlReplayStore } from './saml-replay-store.service';
import { SamlSettingsController } from './saml-settings.controller';
import { SamlSignOnService } from './saml-sign-on.service';
import { SamlController } from './saml.controller';
import { SamlStrategy } from './saml.strategy';

/** SAML2 single sign-on per tenant (issue 9). */
@Module({
  imports: [TypeOrmModule.forFeature([SamlRequest, SamlConsumedAssertion]), AuthModule, TenantsModule, UsersModule, AuditModule, SettingsModule],
  controllers: [SamlController, SamlSettingsController],
  providers: [SamlReplayStore, SamlStrategy, SamlSignOnService],
})
export class SamlModule {}
