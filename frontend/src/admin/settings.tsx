import { useEffect, useState } from 'preact/hooks';
import { api, TenantSettings } from '../api';
import { usePageTitle } from '../hooks';
import { Checkbox, errorsByField, Field, FieldProps, Message } from '../ui';
import { MetadataImport, ServiceProviderBlock } from './saml-settings';

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

/** The API names whose 400 messages show beside each form field; the first is the field's name. */
const API_NAMES: Record<keyof Form, string[]> = {
  previewWebFeatures: ['previewWebFeatures'],
  apiAccessEnabled: ['apiAccessEnabled'],
  local: ['loginMethods.local', 'loginMethods'],
  saml2: ['loginMethods.saml2'],
  idpEntityId: ['saml.idpEntityId'],
  idpSsoUrl: ['saml.idpSsoUrl', 'saml'],
  idpCertificate: ['saml.idpCertificate'],
  allowedDomains: ['saml.allowedDomains'],
};
const FIELDS = [...new Set(Object.values(API_NAMES).flat())];

interface FormState {
  form: Form;
  errors: Record<string, string>;
  set: <K extends keyof Form>(key: K) => (value: Form[K]) => void;
}

/** One setting: a checkbox for a yes/no field, else a text field, with the server's message for it. */
function Setting({
  state,
  field,
  label,
  ...extra
}: { state: FormState; field: keyof Form; label: string } & Pick<FieldProps, 'type' | 'hint' | 'multiline' | 'rows'>) {
  const [name, ...alsoShown] = API_NAMES[field];
  const error =
    [name, ...alsoShown]
      .map((n) => state.errors[n])
      .filter(Boolean)
      .join('; ') || null;
  const value = state.form[field];
  return typeof value === 'boolean' ? (
    <Checkbox label={label} name={name} checked={value} onChange={state.set(field) as (v: boolean) => void} error={error} />
  ) : (
    <Field label={label} name={name} value={value} onInput={state.set(field) as (v: string) => void} error={error} {...extra} />
  );
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

  const state: FormState | null = form && { form, errors, set };

  return (
    <main id="main">
      <h1>Tenant settings</h1>
      {loadError && <Message kind="error">{loadError}</Message>}
      {state && (
        <form onSubmit={submit} noValidate>
          <fieldset>
            <legend>PlanningSpace Web and API access</legend>
            <Setting state={state} field="previewWebFeatures" label="Preview web features (show the PlanningSpace Web launch button)" />
            <Setting state={state} field="apiAccessEnabled" label="API access enabled (API keys work for this tenant)" />
          </fieldset>
          <fieldset>
            <legend>Login methods</legend>
            <Setting state={state} field="local" label="Local accounts (login ID and password)" />
            <Setting state={state} field="saml2" label="SAML2 single sign-on" />
          </fieldset>
          <ServiceProviderBlock />
          <MetadataImport onImported={imported} />
          <fieldset>
            <legend>SAML2 identity provider</legend>
            <Setting state={state} field="idpEntityId" label="Identity provider entity ID" />
            <Setting state={state} field="idpSsoUrl" label="Single sign-on URL" type="url" />
            <Setting
              state={state}
              field="idpCertificate"
              label="Signing certificate (PEM)"
              multiline
              rows={12}
              hint="One PEM block (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----), or two one after the other during a certificate rollover: a response signed with either is accepted. Remove the old one when the rollover is over."
            />
            <Setting state={state} field="allowedDomains" label="Allowed domains" multiline hint="One domain per line, e.g. domain.mycompany.com" />
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
