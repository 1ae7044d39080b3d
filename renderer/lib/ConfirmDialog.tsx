/**
 * Asks before a change that cannot be taken back (a no-show, a cancelled booking, a party that left):
 * the question names who and when, the confirming button has the keyboard, so Enter confirms and
 * Escape (or "Go back") leaves everything as it was.
 */
import type { FormEvent } from 'react';
import { useEffect, useRef } from 'react';
import { useT } from '../i18n/use-t';
import { Modal } from './Modal';

interface Props {
  /** The question, naming the customer and the time ("Mark Chloe Evans (16:30) as no-show?"). */
  question: string;
  /** The confirming button's text ("Mark no-show"). */
  action: string;
  onConfirm(): void;
  onClose(): void;
}

export function ConfirmDialog({ question, action, onConfirm, onClose }: Props) {
  const t = useT();
  const confirm = useRef<HTMLButtonElement>(null);
  // After Modal's own effect has opened the dialog (a child's effects run first): the dialog's
  // opening would otherwise give the keyboard to its first button, "Go back".
  useEffect(() => confirm.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onConfirm();
  };
  return (
    <Modal title={question} onClose={onClose} className="modal--confirm">
      <form className="form" onSubmit={submit}>
        <div className="form__actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('confirm.back')}
          </button>
          <button ref={confirm} type="submit" className="btn btn--danger">
            {action}
          </button>
        </div>
      </form>
    </Modal>
  );
}
