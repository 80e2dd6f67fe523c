import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from './administration/admin.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { SamlModule } from './auth/saml/saml.module';
import { AppConfig } from './core/config/app-config';
import { AppConfigModule } from './core/config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ODataModule } from './odata/odata.module';
import { ProjectsModule } from './projects/projects.module';
import { RolesModule } from './roles/roles.module';
import { SettingsModule } from './administration/tenant-settings.module';
import { TenantsModule } from './tenants/tenants.module';
import { UsersApiModule } from './administration/users-api.module';
import { WebModule } from './web/web.module';
import { WorkgroupsModule } from './workgroups/workgroups.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule,
        HealthModule,
        AuthModule,
        SamlModule,
        AdminModule,
        TenantsModule,
        SettingsModule,
        RolesModule,
        UsersApiModule,
        WorkgroupsModule,
        ApiKeysModule,
        AuditModule,
        ODataModule,
        ProjectsModule,
        WebModule,
      ],
    };
  }
}
