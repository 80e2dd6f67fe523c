import { useEffect, useState } from 'preact/hooks';
import { api, TenantSettings } from '../api';
import { usePageTitle } from '../hooks';
import { Checkbox, errorsByField, Field, Message } from '../ui';
import { MetadataImport, ServiceProviderBlock } from './saml-settings';

const FIELDS = [
  'previewWebFeatures',
  'apiAccessEnabled',
  'loginMethods.local',
  'loginMethods.saml2',
  'loginMethods',
  'saml.idpEntityId',
  'saml.idpSsoUrl',
  'saml.idpCertificate',
  'saml.allowedDomains',
  'saml',
];

interface Form {
  previewWebFeatures: boolean;
  apiAccessEnabled: boolean;
  local: boolean;
  saml2: boolean;
  idpEntityId: string;
  idpSsoUrl: string;
  idpCertificate: string;
  allowedDomains: string;
}

const formOf = (s: TenantSettings): Form => ({
  previewWebFeatures: s.previewWebFeatures,
  apiAccessEnabled: s.apiAccessEnabled,
  local: s.loginMethods.local,
  saml2: s.loginMethods.saml2,
  idpEntityId: s.saml.idpEntityId ?? '',
  idpSsoUrl: s.saml.idpSsoUrl ?? '',
  idpCertificate: s.saml.idpCertificate ?? '',
  allowedDomains: s.saml.allowedDomains.join('\n'),
});

/** Only what changed is sent: PATCH merges, so an untouched field is never re-validated. */
function changesOf(before: Form, after: Form): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (before.previewWebFeatures !== after.previewWebFeatures) body.previewWebFeatures = after.previewWebFeatures;
  if (before.apiAccessEnabled !== after.apiAccessEnabled) body.apiAccessEnabled = after.apiAccessEnabled;
  const login: Record<string, boolean> = {};
  if (before.local !== after.local) login.local = after.local;
  if (before.saml2 !== after.saml2) login.saml2 = after.saml2;
  if (Object.keys(login).length) body.loginMethods = login;
  const saml: Record<string, unknown> = {};
  for (const key of ['idpEntityId', 'idpSsoUrl', 'idpCertificate'] as const) {
    if (before[key] !== after[key]) saml[key] = after[key].trim() === '' ? null : after[key].trim();
  }
  if (before.allowedDomains !== after.allowedDomains) saml.allowedDomains = after.allowedDomains.split(/[\s,]+/).filter(Boolean);
  if (Object.keys(saml).length) body.saml = saml;
  return body;
}

export function SettingsPage() {
  usePageTitle('Tenant settings');
  const [saved, setSaved] = useState<Form | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    api.get<TenantSettings>('/settings').then(
      (s) => (setSaved(formOf(s)), setForm(formOf(s))),
      (e) => setLoadError(e.status === 403 ? 'Tenant settings can only be changed by members of the Administrators workgroup.' : e.message),
    );
  }, []);

  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => f && { ...f, [key]: value });

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!form || !saved) return;
    setStatus(null);
    const body = changesOf(saved, form);
    if (!Object.keys(body).length) return setStatus('Nothing to save.');
    try {
      const next = formOf(await api.patch<TenantSettings>('/settings', body));
      setSaved(next);
      setForm(next);
      setErrors({});
      setStatus('Settings saved.');
    } catch (err) {
      setErrors(errorsByField((err as Error).message, FIELDS));
    }
  };

  /** The import saved the three IdP fields on the server: show them, keep the other unsaved edits. */
  const imported = (s: TenantSettings) => {
    const next = formOf(s);
    setSaved(next);
    setForm((f) => f && { ...f, idpEntityId: next.idpEntityId, idpSsoUrl: next.idpSsoUrl, idpCertificate: next.idpCertificate });
    setErrors((e) => {
      const rest = { ...e };
      for (const name of ['saml.idpEntityId', 'saml.idpSsoUrl', 'saml.idpCertificate', 'saml']) delete rest[name];
      return rest;
    });
    setStatus(null);
  };

  const fieldError = (...names: string[]) =>
    names
      .map((n) => errors[n])
      .filter(Boolean)
      .join('; ') || null;

  return (
    <main id="main">
      <h1>Tenant settings</h1>
      {loadError && <Message kind="error">{loadError}</Message>}
      {form && (
        <form onSubmit={submit} noValidate>
          <fieldset>
            <legend>PlanningSpace Web and API access</legend>
            <Checkbox
              label="Preview web features (show the PlanningSpace Web launch button)"
              name="previewWebFeatures"
              checked={form.previewWebFeatures}
              onChange={set('previewWebFeatures')}
              error={fieldError('previewWebFeatures')}
            />
            <Checkbox
              label="API access enabled (API keys work for this tenant)"
              name="apiAccessEnabled"
              checked={form.apiAccessEnabled}
              onChange={set('apiAccessEnabled')}
              error={fieldError('apiAccessEnabled')}
            />
          </fieldset>
          <fieldset>
            <legend>Login methods</legend>
            <Checkbox
              label="Local accounts (login ID and password)"
              name="loginMethods.local"
              checked={form.local}
              onChange={set('local')}
              error={fieldError('loginMethods.local', 'loginMethods')}
            />
            <Checkbox
              label="SAML2 single sign-on"
              name="loginMethods.saml2"
              checked={form.saml2}
              onChange={set('saml2')}
              error={fieldError('loginMethods.saml2')}
            />
          </fieldset>
          <ServiceProviderBlock />
          <MetadataImport onImported={imported} />
          <fieldset>
            <legend>SAML2 identity provider</legend>
            <Field
              label="Identity provider entity ID"
              name="saml.idpEntityId"
              value={form.idpEntityId}
              onInput={set('idpEntityId')}
              error={fieldError('saml.idpEntityId')}
            />
            <Field
              label="Single sign-on URL"
              name="saml.idpSsoUrl"
              type="url"
              value={form.idpSsoUrl}
              onInput={set('idpSsoUrl')}
              error={fieldError('saml.idpSsoUrl', 'saml')}
            />
            <Field
              label="Signing certificate (PEM)"
              name="saml.idpCertificate"
              multiline
              rows={12}
              hint="One PEM block (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), or two one after the other during a certificate rollover: a response signed with either is accepted. Remove the old one when the rollover is over."
              value={form.idpCertificate}
              onInput={set('idpCertificate')}
              error={fieldError('saml.idpCertificate')}
            />
            <Field
              label="Allowed domains"
              name="saml.allowedDomains"
              multiline
              hint="One domain per line, e.g. domain.mycompany.com"
              value={form.allowedDomains}
              onInput={set('allowedDomains')}
              error={fieldError('saml.allowedDomains')}
            />
          </fieldset>
          {errors[''] && <Message kind="error">{errors['']}</Message>}
          {status && <Message kind="success">{status}</Message>}
          <button type="submit" class="primary">
            Save settings
          </button>
        </form>
      )}
    </main>
  );
}
