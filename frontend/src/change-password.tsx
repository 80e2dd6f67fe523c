import { useState } from 'preact/hooks';
import { api, Me } from './api';
import { usePageTitle } from './hooks';
import { errorsByField, Field, Message } from './ui';

/** Shown first when the server generated the password (mustChangePassword), and from the user menu. */
export function ChangePassword({ me, required, onChanged }: { me: Me; required: boolean; onChanged: () => void }) {
  usePageTitle('Change password');
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    if (newPassword !== confirm) return setErrors({ confirm: 'The two new passwords differ' });
    try {
      await api.post('/me/password', { currentPassword, newPassword });
      setErrors({});
      setCurrent('');
      setNew('');
      setConfirm('');
      setDone(true);
      onChanged();
    } catch (err) {
      setErrors(errorsByField((err as Error).message, ['currentPassword', 'newPassword']));
    }
  };

  return (
    <main id="main" class="narrow">
      <h1>Change password</h1>
      {required && <Message kind="info">Your password was set for you. Choose your own password before you continue, {me.displayName}.</Message>}
      {me.type !== 'Local' ? (
        <p>Your account signs in with single sign-on; its password is managed by your identity provider.</p>
      ) : (
        <form onSubmit={submit}>
          <input type="text" name="username" autoComplete="username" value={me.loginId} hidden readOnly />
          <Field
            label="Current password"
            name="currentPassword"
            type="password"
            value={currentPassword}
            onInput={setCurrent}
            autoComplete="current-password"
            required
            error={errors.currentPassword}
          />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            value={newPassword}
            onInput={setNew}
            autoComplete="new-password"
            required
            minLength={12}
            hint="At least 12 characters."
            error={errors.newPassword}
          />
          <Field
            label="Repeat the new password"
            name="confirmPassword"
            type="password"
            value={confirm}
            onInput={setConfirm}
            autoComplete="new-password"
            required
            error={errors.confirm}
          />
          {errors[''] && <Message kind="error">{errors['']}</Message>}
          {done && <Message kind="success">Your password was changed.</Message>}
          <button type="submit" class="primary">
            Change password
          </button>
        </form>
      )}
    </main>
  );
}
