/**
 * The desk's form dialogs (new walk-in, new booking, move/edit a booking) share one shape: a modal
 * named by its title, labelled fields, the reason main refused the change (role alert), then Cancel
 * and the dialog's own action. Sending the intent and waiting for main's answer is `useDialogSubmit`.
 */
import type { FormEvent, ReactNode } from 'react';
import { useState } from 'react';
import type { Result } from '../../core/ipc/result';
import { useT } from '../i18n/use-t';
import { Modal } from './Modal';

interface FormDialogProps {
  title: string;
  /** The submit button's text, the dialog's accessible action ("Save booking", "Add to queue"). */
  submitLabel: string;
  onSubmit(): void;
  onClose(): void;
  saving?: boolean;
  /** What to say when main refused the change, already worded; nothing while there is none. */
  error?: string | null;
  /** Two columns of fields in a wider dialog (the booking dialog). */
  wide?: boolean;
  /** The form checks its fields itself rather than through the browser's bubbles. */
  noValidate?: boolean;
  children: ReactNode;
}

export function FormDialog({
  title,
  submitLabel,
  onSubmit,
  onClose,
  saving = false,
  error = null,
  wide = false,
  noValidate,
  children,
}: FormDialogProps) {
  const t = useT();
  const across = wide ? ' form__wide' : '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal title={title} onClose={onClose} className={wide ? 'modal--wide' : ''}>
      <form className={wide ? 'form form--grid' : 'form'} onSubmit={submit} noValidate={noValidate}>
        {children}
        {error && (
          <p className={`form__error${across}`} role="alert">
            {error}
          </p>
        )}
        <div className={`form__actions${across}`}>
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={saving}>
            {submitLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/**
 * Sends a dialog's intent to main once at a time: closes the dialog when main took it, else keeps
 * main's reason for the dialog to show.
 */
export function useDialogSubmit(onClose: () => void) {
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const send = async (intent: () => Promise<Result<unknown>>) => {
    if (saving) return;
    setSaving(true);
    const result = await intent();
    setSaving(false);
    if (result.ok) onClose();
    else setError(result.error.message);
  };
  return { error, saving, send };
}
