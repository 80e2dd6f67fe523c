import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '../access/actor';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, AppConfig } from '../core/config/app-config';
import { badRequest, conflict } from '../core/errors/domain-error';
import { SessionsService } from '../sessions/sessions.service';
import { TenantSettingsView } from '../settings/dto/tenant-settings-view.dto';
import { UpdateTenantSettingsDto } from '../settings/dto/tenant-settings.dto';
import { settingsOf } from '../settings/tenant-settings';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { AdministratorsSignInRule } from '../workgroups/administrators-sign-in.rule';

export enum TenantSettingsErrorCode {
  PublicUrlRequired = 'public-url-required',
  SamlIncomplete = 'saml-incomplete',
}

/** Tenant settings changes (PATCH /settings): composes tenants, sessions, the audit log and the Administrators rule. */
@Injectable()
export class TenantSettingsService {
  constructor(
    private readonly tenants: TenantsService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly administratorsRule: AdministratorsSignInRule,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(tenantId: number): Promise<TenantSettingsView> {
    const tenant = await this.tenants.findById(tenantId);
    return settingsOf(tenant!);
  }

  async update(tenantId: number, changes: UpdateTenantSettingsDto, actor: Actor): Promise<TenantSettingsView> {
    const next = await this.administratorsRule.protect(tenantId, 'This change would leave no Administrator able to sign in', async (manager, tenant) => {
      // PATCH merges: DTOs hold only the fields sent (useDefineForClassFields is off).
      const merged = this.merge(tenant, changes);
      await this.tenants.saveSettings(merged, manager);
      if (tenant.loginLocal && !merged.loginLocal) await this.sessions.endForAccountType(tenant.id, 'Local', manager);
      if (tenant.loginSaml2 && !merged.loginSaml2) await this.sessions.endForAccountType(tenant.id, 'SAML2', manager);
      await this.audit.record(tenant.id, 'settings.updated', actor, { type: 'settings', id: 'tenant' }, { changes: { ...changes } }, manager);
      return merged;
    });
    return settingsOf(next);
  }

  private merge(tenant: Tenant, changes: UpdateTenantSettingsDto): Tenant {
    const next: Tenant = { ...tenant, saml: { ...settingsOf(tenant).saml, ...(changes.saml ?? {}) } };
    if (changes.previewWebFeatures !== undefined) next.previewWebFeatures = changes.previewWebFeatures;
    if (changes.apiAccessEnabled !== undefined) next.apiAccessEnabled = changes.apiAccessEnabled;
    if (changes.loginMethods?.local !== undefined) next.loginLocal = changes.loginMethods.local;
    if (changes.loginMethods?.saml2 !== undefined) next.loginSaml2 = changes.loginMethods.saml2;
    if (next.loginSaml2 && !tenant.loginSaml2) {
      if (!this.config.publicUrl)
        throw conflict(TenantSettingsErrorCode.PublicUrlRequired, 'loginMethods.saml2 needs PUBLIC_URL to be configured on the server');
      const saml = next.saml!;
      if (!saml.idpEntityId || !saml.idpSsoUrl || !saml.idpCertificate) {
        throw badRequest(
          TenantSettingsErrorCode.SamlIncomplete,
          'saml.idpEntityId, saml.idpSsoUrl and saml.idpCertificate are needed to enable loginMethods.saml2',
        );
      }
    }
    return next;
  }
}
