// Workgroups: members and each role Allowed / Denied / not set. This is where an administrator
// grants Security/API Key, so the new-workgroup form takes members and roles at once.
import { useEffect, useState } from 'preact/hooks';
import { api, Role, RoleSetting, User, Workgroup } from '../api';
import { usePageTitle, useId } from '../hooks';
import { ConfirmDialog, errorsByField, Field, Message } from '../ui';

interface Draft {
  name: string;
  members: number[];
  roles: Record<string, RoleSetting>;
}

export function WorkgroupsPage() {
  usePageTitle('Workgroups');
  const [groups, setGroups] = useState<Workgroup[] | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Workgroup | null>(null);

  const load = async () => {
    try {
      const [g, u, r] = await Promise.all([api.get<Workgroup[]>('/workgroups'), api.get<User[]>('/users'), api.get<Role[]>('/roles')]);
      setGroups(g);
      setUsers(u);
      setRoles(r);
    } catch (e) {
      setError((e as { status?: number }).status === 403 ? 'Workgroups need the role Security/Security.' : (e as Error).message);
    }
  };
  useEffect(() => void load(), []);

  // The message comes once the list shows the change: said before, it named a workgroup still on screen.
  const saved = async (message: string) => {
    setError(null);
    await load();
    setStatus(message);
  };

  return (
    <main id="main">
      <h1>Workgroups</h1>
      <p>A user holds the roles Allowed by any of their workgroups, minus those Denied by any of them. Members of Administrators hold every role.</p>
      {error && <Message kind="error">{error}</Message>}
      {status && <Message kind="success">{status}</Message>}
      {groups && (
        <>
          <section aria-labelledby="new-workgroup" class="card">
            <h2 id="new-workgroup">New workgroup</h2>
            <WorkgroupForm
              key={`new-${groups.length}`}
              users={users}
              roles={roles}
              initial={{ name: '', members: [], roles: {} }}
              submitLabel="Create workgroup"
              onSubmit={async (d) => (await api.post('/workgroups', d), saved(`Workgroup ${d.name} created.`))}
            />
          </section>
          <h2>All workgroups</h2>
          <ul class="cards">
            {groups.map((g) => (
              <li key={g.id} class="card">
                <details>
                  <summary>
                    <span class="summary-name">{g.name}</span> <span class="muted">{summaryOf(g)}</span>
                  </summary>
                  <WorkgroupForm
                    users={users}
                    roles={roles}
                    initial={{ name: g.name, members: g.members, roles: g.roles }}
                    fixedName={g.builtIn !== null}
                    implicitMembers={g.builtIn === 'Everyone'}
                    submitLabel={`Save ${g.name}`}
                    onSubmit={async (d) => (await api.put(`/workgroups/${g.id}`, d), saved(`Workgroup ${d.name} saved.`))}
                  />
                  {g.builtIn !== 'Administrators' && g.builtIn !== 'Everyone' && (
                    <button type="button" class="danger" onClick={() => setDeleting(g)}>
                      Delete {g.name}
                    </button>
                  )}
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete the workgroup ${deleting.name}?`}
          confirmLabel="Delete workgroup"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const g = deleting;
            setDeleting(null);
            api.delete(`/workgroups/${g.id}`).then(
              () => saved(`Workgroup ${g.name} deleted.`),
              (e) => setError(e.message),
            );
          }}
        >
          <p>Its members lose the roles it allows.</p>
        </ConfirmDialog>
      )}
    </main>
  );
}

function summaryOf(g: Workgroup): string {
  const allowed = Object.entries(g.roles)
    .filter(([, v]) => v === 'Allowed')
    .map(([k]) => k);
  const denied = Object.entries(g.roles)
    .filter(([, v]) => v === 'Denied')
    .map(([k]) => k);
  const parts = [g.builtIn === 'Everyone' ? 'every user' : `${g.members.length} member${g.members.length === 1 ? '' : 's'}`];
  if (g.builtIn === 'Administrators') parts.push('every role');
  else {
    if (allowed.length) parts.push(`allows ${allowed.join(', ')}`);
    if (denied.length) parts.push(`denies ${denied.join(', ')}`);
  }
  return `— ${parts.join('; ')}`;
}

interface FormProps {
  users: User[];
  roles: Role[];
  initial: Draft;
  submitLabel: string;
  fixedName?: boolean;
  implicitMembers?: boolean;
  onSubmit: (draft: Draft) => Promise<void>;
}

function WorkgroupForm({ users, roles, initial, submitLabel, fixedName, implicitMembers, onSubmit }: FormProps) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = useId('wg');

  const toggleMember = (id: number, on: boolean) => setDraft((d) => ({ ...d, members: on ? [...d.members, id] : d.members.filter((m) => m !== id) }));
  const setRole = (name: string, value: string) =>
    setDraft((d) => {
      const next = { ...d.roles };
      if (value === '') delete next[name];
      else next[name] = value as RoleSetting;
      return { ...d, roles: next };
    });

  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      await onSubmit(draft);
      setErrors({});
    } catch (err) {
      setErrors(errorsByField((err as Error).message, ['name', 'members', 'roles']));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      {fixedName ? (
        <p>
          Name: <strong>{draft.name}</strong> (built in)
        </p>
      ) : (
        <Field label="Workgroup name" name="name" value={draft.name} onInput={(name) => setDraft((d) => ({ ...d, name }))} error={errors.name} />
      )}
      {!implicitMembers && (
        <fieldset>
          <legend>Members</legend>
          {users.length === 0 && <p>No users.</p>}
          <ul class="checklist">
            {users.map((u) => (
              <li key={u.id}>
                <input
                  type="checkbox"
                  id={`${formId}-m${u.id}`}
                  checked={draft.members.includes(u.id)}
                  onChange={(e) => toggleMember(u.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                <label for={`${formId}-m${u.id}`}>
                  {u.displayName} ({u.loginId})
                </label>
              </li>
            ))}
          </ul>
          {errors.members && <p class="field-error">{errors.members}</p>}
        </fieldset>
      )}
      <fieldset>
        <legend>Roles</legend>
        <div class="roles">
          {roles.map((r) => (
            <div class="field" key={r.name}>
              <label for={`${formId}-r-${r.name.replace(/\W/g, '_')}`}>{r.name}</label>
              <select
                id={`${formId}-r-${r.name.replace(/\W/g, '_')}`}
                value={draft.roles[r.name as keyof Draft['roles']] ?? ''}
                aria-describedby={`${formId}-rd-${r.name.replace(/\W/g, '_')}`}
                onChange={(e) => setRole(r.name, (e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">Not set</option>
                <option value="Allowed">Allowed</option>
                <option value="Denied">Denied</option>
              </select>
              <span class="hint" id={`${formId}-rd-${r.name.replace(/\W/g, '_')}`}>
                {r.description}
              </span>
            </div>
          ))}
        </div>
        {errors.roles && <p class="field-error">{errors.roles}</p>}
      </fieldset>
      {errors[''] && <Message kind="error">{errors['']}</Message>}
      <button type="submit" class="primary">
        {submitLabel}
      </button>
    </form>
  );
}
