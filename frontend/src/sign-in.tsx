import { useState } from 'preact/hooks';
import { call, tenant, tenantBase, TenantInfo } from './api';
import { usePageTitle } from './hooks';
import { Field, Message } from './ui';

export function SignIn({ info, onSignedIn }: { info: TenantInfo; onSignedIn: () => void }) {
  usePageTitle(`Sign in to ${info.name}`);
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await call('POST', `${tenantBase}/auth/login`, { loginId, password });
      setPassword('');
      onSignedIn();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="narrow">
      <h1>Sign in to {info.name}</h1>
      {info.loginMethods.local && (
        <form method="post" action={`${tenantBase}/auth/login`} onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
          <Field label="Login ID" name="loginId" value={loginId} onInput={setLoginId} autoComplete="username" required />
          <Field label="Password" name="password" type="password" value={password} onInput={setPassword} autoComplete="current-password" required />
          {error && (
            <p id="sign-in-error" class="message error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="primary" disabled={busy}>
            Sign in
          </button>
        </form>
      )}
      {info.loginMethods.saml2 && (
        <p>
          <a class="button" href={`${tenantBase}/auth/saml/login`}>
            Sign in with SSO
          </a>
        </p>
      )}
      {!info.loginMethods.local && !info.loginMethods.saml2 && <Message kind="info">Sign-in is disabled for {tenant}.</Message>}
    </main>
  );
}
