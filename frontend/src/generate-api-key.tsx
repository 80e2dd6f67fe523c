// The Generate API Key page (seed document): the key lives in this component's state only —
// never in a URL, storage or a log — and is dropped when the page is left.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, ApiKeyMetadata, formatDate, IssuedApiKey, Me, ROLE_API_KEY } from './api';
import { usePageTitle } from './hooks';
import { ConfirmDialog, Message } from './ui';

interface Connection {
  serviceRoot: string;
  userNames: string[];
}

export function GenerateApiKey({ me }: { me: Me }) {
  usePageTitle('Generate API Key');
  const allowed = me.roles.includes(ROLE_API_KEY);
  return (
    <main id="main">
      <h1>Generate API Key</h1>
      {allowed ? (
        <>
          {me.type === 'SAML2' && (
            <Message kind="info">Your account signs in with single sign-on: its API key works for OData (Excel, Power BI) only, not for the Web API.</Message>
          )}
          <KeyGenerator />
        </>
      ) : (
        <Message kind="info">
          You need the role <strong>Security/API Key</strong> to generate an API key. Ask an administrator of this tenant to grant it to you through a
          workgroup.
        </Message>
      )}
    </main>
  );
}

function KeyGenerator() {
  const [existing, setExisting] = useState<ApiKeyMetadata | null | undefined>(undefined);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [connection, setConnection] = useState<Connection | null>(null);
  const keyField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    api.get<ApiKeyMetadata>('/me/api-key').then(setExisting, (e) => (e instanceof ApiError && e.status === 404 ? setExisting(null) : setError(e.message)));
    api.get<Connection>('/odata-connection').then(setConnection, () => setConnection(null));
    // Leaving the page (or the back/forward cache) must not keep the key on screen.
    const forget = () => setIssued(null);
    window.addEventListener('pagehide', forget);
    return () => window.removeEventListener('pagehide', forget);
  }, []);

  useEffect(() => {
    if (issued) keyField.current?.focus();
  }, [issued]);

  const create = async () => {
    setConfirming(false);
    setError(null);
    setCopied(null);
    try {
      const key = await api.post<IssuedApiKey>('/me/api-key');
      setIssued(key);
      setExisting({ createdAt: key.createdAt, expiresAt: key.expiresAt, lastUsedAt: null, hint: key.hint });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const copy = async () => {
    if (!issued) return;
    try {
      await navigator.clipboard.writeText(issued.key);
      setCopied('Copied to the clipboard.');
    } catch {
      keyField.current?.select();
      setCopied('Could not copy automatically: the key is selected, press Ctrl+C.');
    }
  };

  return (
    <>
      <section aria-labelledby="current-key">
        <h2 id="current-key">Your key</h2>
        {existing === undefined && !error && <p>Loading…</p>}
        {existing === null && <p>You have no API key.</p>}
        {existing && (
          <dl class="facts">
            <dt>Key</dt>
            <dd>
              <code>{existing.hint}</code>
            </dd>
            <dt>Created</dt>
            <dd>{formatDate(existing.createdAt)}</dd>
            <dt>Expires</dt>
            <dd>{formatDate(existing.expiresAt)}</dd>
            <dt>Last used</dt>
            <dd>{formatDate(existing.lastUsedAt)}</dd>
          </dl>
        )}
        <p>Each account has one key: creating a key replaces the previous one, which stops working at once.</p>
        {existing !== undefined && (
          <button type="button" class="primary" onClick={() => (existing ? setConfirming(true) : void create())}>
            Create key
          </button>
        )}
        {error && <Message kind="error">{error}</Message>}
      </section>

      {confirming && (
        <ConfirmDialog title="Replace your API key?" confirmLabel="Replace key" onConfirm={() => void create()} onCancel={() => setConfirming(false)}>
          <p>Your existing key stops working at once. Excel workbooks and scripts that use it need the new key.</p>
        </ConfirmDialog>
      )}

      {issued && (
        <section aria-labelledby="new-key" class="new-key">
          <h2 id="new-key">Your new key</h2>
          <div class="field">
            <label for="api-key">API key</label>
            <div class="with-button">
              <input
                id="api-key"
                ref={keyField}
                type="text"
                readOnly
                value={issued.key}
                autoComplete="off"
                spellcheck={false}
                aria-describedby="key-warning"
                onFocus={(e) => e.currentTarget.select()}
              />
              <button type="button" onClick={() => void copy()}>
                Copy
              </button>
            </div>
          </div>
          <p id="key-warning" class="message warning">
            Save the key in a safe place now. It is not stored on the server and will not be shown again; if you lose it, create a new key.
          </p>
          {copied && <Message kind="success">{copied}</Message>}
        </section>
      )}

      <section aria-labelledby="excel">
        <h2 id="excel">Use the key in Excel or Power BI</h2>
        <ol>
          <li>In Excel choose Data → Get Data → From Other Sources → From OData Feed.</li>
          <li>
            Enter the feed URL <code class="url">{connection?.serviceRoot ?? `${location.origin}/…/odata/`}</code>
          </li>
          <li>
            At the authentication step choose <strong>Basic</strong>, enter <strong>{connection?.userNames[0] ?? 'FeedKey'}</strong> as the user name
            {connection && connection.userNames.length > 1 && (
              <>
                {' '}
                (or{' '}
                {connection.userNames.slice(1).map((n, i) => (
                  <>
                    <strong>{n}</strong>
                    {i < connection.userNames.length - 2 ? ', ' : ''}
                  </>
                ))}
                )
              </>
            )}{' '}
            and the API key as the password.
          </li>
        </ol>
      </section>
    </>
  );
}
