import { SamlSettings, Tenant } from '../tenants/tenant.entity';
import { TenantSettingsView } from './dto/tenant-settings-view.dto';

const NO_SAML: SamlSettings = { idpEntityId: null, idpSsoUrl: null, idpCertificate: null, allowedDomains: [] };

/** The tenant settings of SPEC 3 as the API shows them. */
export function settingsOf(tenant: Tenant): TenantSettingsView {
  return {
    previewWebFeatures: tenant.previewWebFeatures,
    apiAccessEnabled: tenant.apiAccessEnabled,
    loginMethods: { local: tenant.loginLocal, saml2: tenant.loginSaml2 },
    saml: { ...NO_SAML, ...(tenant.saml ?? {}) },
  };
}
