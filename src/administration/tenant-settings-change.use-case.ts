import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../access/actor';
import { badRequest, conflict } from '../core/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { SessionsService } from '../sessions/sessions.service';
import { SamlSettings, Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { UsersService } from '../users/users.service';
import { WorkgroupsService } from '../workgroups/workgroups.service';
import { UpdateTenantSettingsDto } from '../settings/dto/tenant-settings.dto';
import { TenantSettingsView } from '../settings/dto/tenant-settings-view.dto';

const NO_SAML: SamlSettings = { idpEntityId: null, idpSsoUrl: null, idpCertificate: null, allowedDomains: [] };

export function settingsOf(tenant: Tenant): TenantSettingsView {
  return {
    previewWebFeatures: tenant.previewWebFeatures,
    apiAccessEnabled: tenant.apiAccessEnabled,
    loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 },
    saml: { ...NO_SAML, ...(tenant.saml ?? {}) },
  };
}

@Injectable()
export class TenantSettingsService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly users: UsersService,
    private readonly workgroups: WorkgroupsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async update(tenant: Tenant, changes: UpdateTenantSettingsDto, actor: Actor): Promise<TenantSettingsView> {
    // PATCH merges: DTOs hold only the fields sent (useDefineForClassFields is off).
    const before = settingsOf(tenant);
    const next: Tenant = { ...tenant, saml: { ...before.saml, ...(changes.saml ?? {}) } };
    if (changes.previewWebFeatures !== undefined) next.previewWebFeatures = changes.previewWebFeatures;
    if (changes.apiAccessEnabled !== undefined) next.apiAccessEnabled = changes.apiAccessEnabled;
    if (changes.loginMethods?.local !== undefined) next.loginLocal = changes.loginMethods.local;
    if (changes.loginMethods?.saml2 !== undefined) next.loginSaml2 = changes.loginMethods.saml2;

    if (next.loginSaml2 && !tenant.loginSaml2) {
      if (!this.config.publicUrl) throw conflict('public-url-required', 'loginMethods.saml2 needs PUBLIC_URL to be configured on the server');
      const saml = next.saml!;
      if (!saml.idpEntityId || !saml.idpSsoUrl || !saml.idpCertificate) {
        throw badRequest('saml-incomplete', 'saml.idpEntityId, saml.idpSsoUrl and saml.idpCertificate are needed to enable loginMethods.saml2');
      }
    }
    await this.checkAdministratorCanSignIn(next);

    await this.dataSource.transaction(async (manager) => {
      await this.tenants.saveSettings(next, manager);
      if (tenant.loginLocal && !next.loginLocal) await this.sessions.endForAccountType(tenant.id, 'Local', manager);
      if (tenant.loginSaml2 && !next.loginSaml2) await this.sessions.endForAccountType(tenant.id, 'SAML2', manager);
      await this.audit.record(tenant.id, 'settings.updated', actor, { type: 'settings', id: 'tenant' }, { changes: { ...changes } }, manager);
    });
    return settingsOf(next);
  }

  /** 409 when no unlocked, active Administrator would have an enabled way to sign in. */
  private async checkAdministratorCanSignIn(next: Tenant): Promise<void> {
    const ids = await this.workgroups.administratorIds(next.id);
    const administrators = await this.users.findManyInTenant(next.id, ids);
    const able = administrators.some((u) => !u.locked && !u.deactivated && (u.type === 'Local' ? next.loginLocal : next.loginSaml2));
    if (!able) throw conflict('no-administrator-sign-in', 'This change would leave no Administrator able to sign in');
  }
}
