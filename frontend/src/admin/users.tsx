import { useEffect, useState } from 'preact/hooks';
import { api, formatDate, Me, User } from '../api';
import { usePageTitle } from '../hooks';
import { ConfirmDialog, errorsByField, Field, Message } from '../ui';
import { generatePassword } from './password';

type Pending = { kind: 'delete-key'; user: User } | { kind: 'reset-password'; user: User } | null;

export function UsersPage({ me }: { me: Me }) {
  usePageTitle('Users');
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);

  const load = () =>
    api.get<User[]>('/users').then(setUsers, (e) => setError(e.status === 403 ? 'User administration needs the role Security/Security.' : e.message));
  useEffect(() => void load(), []);

  const act = async (label: string, run: () => Promise<unknown>) => {
    setError(null);
    setStatus(null);
    try {
      await run();
      // The message comes once the list shows the change.
      await load();
      setStatus(label);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const patch = (user: User, body: Partial<User>, label: string) => act(label, () => api.patch(`/users/${user.id}`, body));

  return (
    <main id="main">
      <h1>Users</h1>
      <CreateUser onCreated={(u) => void load().then(() => setStatus(`User ${u.loginId} created.`))} />
      {error && <Message kind="error">{error}</Message>}
      {status && <Message kind="success">{status}</Message>}
      {users && (
        <section aria-labelledby="user-list">
          <h2 id="user-list">All users ({users.length})</h2>
          <ul class="cards">
            {users.map((u) => (
              <li key={u.id} class="card" aria-labelledby={`user-${u.id}`}>
                <h3 id={`user-${u.id}`}>
                  {u.displayName} <span class="muted">({u.loginId})</span>
                </h3>
                <dl class="facts">
                  <dt>Type</dt>
                  <dd>{u.type}</dd>
                  <dt>Status</dt>
                  <dd>{u.deactivated ? 'Deactivated' : u.locked ? 'Locked' : 'Active'}</dd>
                  <dt>API access</dt>
                  <dd>{u.apiAccess ? 'On' : 'Off'}</dd>
                  <dt>Workgroups</dt>
                  <dd>{u.workgroups.join(', ')}</dd>
                  <dt>API key</dt>
                  <dd>
                    {u.apiKey
                      ? `${u.apiKey.hint} — created ${formatDate(u.apiKey.createdAt)}, last used ${formatDate(u.apiKey.lastUsedAt)}, expires ${formatDate(u.apiKey.expiresAt)}`
                      : 'None'}
                  </dd>
                </dl>
                <div class="actions" role="group" aria-label={`Actions for ${u.loginId}`}>
                  <button
                    type="button"
                    disabled={u.id === me.id}
                    onClick={() => void patch(u, { locked: !u.locked }, `${u.loginId} ${u.locked ? 'unlocked' : 'locked'}.`)}
                  >
                    {u.locked ? 'Unlock' : 'Lock'}
                  </button>
                  <button
                    type="button"
                    onClick={() => void patch(u, { apiAccess: !u.apiAccess }, `API access of ${u.loginId} turned ${u.apiAccess ? 'off' : 'on'}.`)}
                  >
                    {u.apiAccess ? 'Turn API access off' : 'Turn API access on'}
                  </button>
                  {u.type === 'Local' && (
                    <button type="button" onClick={() => setPending({ kind: 'reset-password', user: u })}>
                      Reset password
                    </button>
                  )}
                  {u.apiKey && (
                    <button type="button" class="danger" onClick={() => setPending({ kind: 'delete-key', user: u })}>
                      Delete key
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {pending?.kind === 'delete-key' && (
        <ConfirmDialog
          title={`Delete the API key of ${pending.user.loginId}?`}
          confirmLabel="Delete key"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            const user = pending.user;
            setPending(null);
            void act(`The API key of ${user.loginId} was deleted.`, () => api.delete(`/users/${user.id}/api-key`));
          }}
        >
          <p>The key stops working at once. The user can create a new one.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'reset-password' && (
        <ResetPassword user={pending.user} onDone={(msg) => (setPending(null), msg && void load().then(() => setStatus(msg)))} />
      )}
    </main>
  );
}

function CreateUser({ onCreated }: { onCreated: (u: User) => void }) {
  const [loginId, setLoginId] = useState('');
  const [type, setType] = useState<'Local' | 'SAML2'>('Local');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<{ loginId: string; password: string } | null>(null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setCreated(null);
    try {
      const body = { loginId, type, ...(displayName ? { displayName } : {}), ...(type === 'Local' ? { password, mustChangePassword: true } : {}) };
      const user = await api.post<User>('/users', body);
      setErrors({});
      if (type === 'Local') setCreated({ loginId, password });
      setLoginId('');
      setDisplayName('');
      setPassword('');
      onCreated(user);
    } catch (err) {
      setErrors(errorsByField((err as Error).message, ['loginId', 'type', 'displayName', 'password']));
    }
  };

  return (
    <section aria-labelledby="create-user">
      <h2 id="create-user">Create a user</h2>
      <form onSubmit={submit} noValidate class="grid-form">
        <Field
          label="Login ID"
          name="loginId"
          value={loginId}
          onInput={setLoginId}
          error={errors.loginId}
          hint={type === 'SAML2' ? 'The NameID, e.g. first.last@domain.mycompany.com' : undefined}
        />
        <div class="field">
          <label for="new-user-type">Type</label>
          <select id="new-user-type" name="type" value={type} onChange={(e) => setType((e.currentTarget as HTMLSelectElement).value as 'Local' | 'SAML2')}>
            <option value="Local">Local (password)</option>
            <option value="SAML2">SAML2 (single sign-on)</option>
          </select>
        </div>
        <Field label="Display name" name="displayName" value={displayName} onInput={setDisplayName} error={errors.displayName} />
        {type === 'Local' && (
          <div class="field">
            <Field
              label="Initial password"
              name="password"
              value={password}
              onInput={setPassword}
              error={errors.password}
              autoComplete="off"
              hint="At least 12 characters; the user must change it at first sign-in."
            />
            <button type="button" onClick={() => setPassword(generatePassword())}>
              Generate password
            </button>
          </div>
        )}
        {errors[''] && <Message kind="error">{errors['']}</Message>}
        <div>
          <button type="submit" class="primary">
            Create user
          </button>
        </div>
      </form>
      {created && (
        <Message kind="success">
          Give {created.loginId} this initial password: <code class="secret">{created.password}</code>
        </Message>
      )}
    </section>
  );
}

function ResetPassword({ user, onDone }: { user: User; onDone: (message: string | null) => void }) {
  const [password, setPassword] = useState(generatePassword);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const submit = async () => {
    try {
      await api.patch(`/users/${user.id}`, { password, mustChangePassword: true });
      setDone(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return done ? (
    <ConfirmDialog
      title={`New password of ${user.loginId}`}
      confirmLabel="Done"
      onConfirm={() => onDone(`The password of ${user.loginId} was reset.`)}
      onCancel={() => onDone(`The password of ${user.loginId} was reset.`)}
    >
      <p>
        Give the user this password; they must change it at their next sign-in: <code class="secret">{password}</code>
      </p>
    </ConfirmDialog>
  ) : (
    <ConfirmDialog title={`Reset the password of ${user.loginId}?`} confirmLabel="Reset password" onConfirm={() => void submit()} onCancel={() => onDone(null)}>
      <p>Their sessions end and they must choose a new password at the next sign-in.</p>
      <Field label="New password" name="resetPassword" value={password} onInput={setPassword} error={error} autoComplete="off" />
    </ConfirmDialog>
  );
}
