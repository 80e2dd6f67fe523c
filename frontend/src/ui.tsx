// Small shared pieces: status messages, labelled fields, the confirmation dialog.
import { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useId } from './hooks';
export { errorsByField } from './field-errors';

export function Message({ kind, children }: { kind: 'error' | 'info' | 'success'; children: ComponentChildren }) {
  return (
    <p class={`message ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}

export interface FieldProps {
  label: string;
  name: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  error?: string | null;
  hint?: string;
  autoComplete?: string;
  required?: boolean;
  multiline?: boolean;
  /** Height of a multiline field (default 5 lines). */
  rows?: number;
  readOnly?: boolean;
  minLength?: number;
}

/** A labelled input whose error (the server's message) sits beside it and is announced with it. */
export function Field({
  label,
  name,
  value,
  onInput,
  type = 'text',
  error,
  hint,
  autoComplete,
  required,
  multiline,
  rows = 5,
  readOnly,
  minLength,
}: FieldProps) {
  const id = useId(name.replace(/\W/g, '-'));
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name,
    value,
    required,
    readOnly,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} spellcheck={false} />
      ) : (
        <input {...common} type={type} autoComplete={autoComplete} minLength={minLength} spellcheck={false} />
      )}
      {hint && (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

export function Checkbox({
  label,
  name,
  checked,
  onChange,
  error,
}: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  error?: string | null;
}) {
  const id = useId(name.replace(/\W/g, '-'));
  return (
    <div class="field checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={checked}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)}
      />
      <label for={id}>{label}</label>
      {error && (
        <span class="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation on the native <dialog>: it traps focus, Escape cancels, and focus goes
 * back to the control that opened it.
 */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onCancel }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId('dialog-title');
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), onCancel())}>
      <h2 id={titleId}>{title}</h2>
      <div>{children}</div>
      <div class="actions">
        <button type="button" class={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
