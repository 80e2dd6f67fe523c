// The SAML2 parts of the tenant settings page (issue 9): what to hand to the identity
// provider (the SP's entity ID, ACS URL and metadata URL, from PUBLIC_URL on the server) and
// the import of the IdP's metadata XML, which the server parses, validates and saves.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, TenantSettings } from '../api';
import { useId } from '../hooks';
import { Field, Message } from '../ui';

interface ServiceProvider {
  entityId: string;
  acsUrl: string;
  metadataUrl: string;
  loginUrl: string;
}

/** A labelled read-only value with a Copy button; the value is selected on focus for Ctrl+C. */
function CopyField({ label, value, onCopied }: { label: string; value: string; onCopied: (message: string) => void }) {
  const id = useId('sp-value');
  const input = useRef<HTMLInputElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      onCopied(`${label} copied to the clipboard.`);
    } catch {
      // Without clipboard permission the value is selected, so Ctrl+C still copies it.
      input.current?.focus();
      input.current?.select();
      onCopied(`Could not copy automatically: the ${label} is selected, press Ctrl+C.`);
    }
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <div class="with-button">
        <input id={id} ref={input} type="text" readOnly value={value} spellcheck={false} autoComplete="off" onFocus={(e) => e.currentTarget.select()} />
        <button type="button" aria-label={`Copy ${label}`} onClick={() => void copy()}>
          Copy
        </button>
      </div>
    </div>
  );
}

/** The SP's own addresses, or why there are none (409: the server has no PUBLIC_URL). */
export function ServiceProviderBlock() {
  const [sp, setSp] = useState<ServiceProvider | null>(null);
  const [problem, setProblem] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  useEffect(() => {
    api.get<ServiceProvider>('/settings/saml/service-provider').then(setSp, (e: ApiError) =>
      setProblem(
        e.status === 409
          ? {
              kind: 'info',
              text: 'SAML2 needs PUBLIC_URL on the server: ask the server operator to set PUBLIC_URL (e.g. https://ips.example.com) and restart it.',
            }
          : { kind: 'error', text: e.message },
      ),
    );
  }, []);

  return (
    <fieldset>
      <legend>Service provider (give these to your identity provider)</legend>
      {!sp && !problem && <p>Loading…</p>}
      {problem && <Message kind={problem.kind}>{problem.text}</Message>}
      {sp && (
        <>
          <CopyField label="SP entity ID" value={sp.entityId} onCopied={setCopied} />
          <CopyField label="Assertion consumer service (ACS) URL" value={sp.acsUrl} onCopied={setCopied} />
          <CopyField label="SP metadata URL" value={sp.metadataUrl} onCopied={setCopied} />
          <p class="hint">Most identity providers can read the SP metadata URL directly; others ask for the entity ID and the ACS URL.</p>
        </>
      )}
      {copied && <Message kind="success">{copied}</Message>}
    </fieldset>
  );
}

/**
 * Pasted IdP metadata goes to the server, which fills and saves entity ID, SSO URL and signing
 * certificates; its 400 names what is missing and shows beside the textarea.
 */
export function MetadataImport({ onImported }: { onImported: (settings: TenantSettings) => void }) {
  const [xml, setXml] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importXml = async () => {
    if (busy) return;
    setStatus(null);
    if (!xml.trim()) return setError('Paste the metadata XML of your identity provider first.');
    setBusy(true);
    try {
      onImported(await api.post<TenantSettings>('/settings/saml/metadata', { metadataXml: xml }));
      setError(null);
      setXml('');
      setStatus('Metadata imported and saved: the identity provider fields below show its entity ID, single sign-on URL and certificates.');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset>
      <legend>Import IdP metadata</legend>
      <Field
        label="IdP metadata XML"
        name="metadataXml"
        multiline
        rows={6}
        hint="Paste the metadata XML your identity provider publishes (an md:EntityDescriptor). Importing saves its entity ID, single sign-on URL and signing certificates at once."
        value={xml}
        onInput={setXml}
        error={error}
      />
      <div class="actions">
        <button type="button" onClick={() => void importXml()} aria-busy={busy ? 'true' : undefined}>
          Import metadata
        </button>
      </div>
      {status && <Message kind="success">{status}</Message>}
    </fieldset>
  );
}
