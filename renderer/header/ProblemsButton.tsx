/**
 * Changes the API refused, listed for the receptionist to read and dismiss: what was attempted and
 * why. Hidden while there are none. The list closes with Escape (the button has the keyboard again)
 * or a click elsewhere.
 */
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/use-t';
import type { SyncView } from '../sync/use-sync';

export function ProblemsButton({ sync }: { sync: SyncView }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const away = (event: MouseEvent) => {
      if (!box.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', away);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', away);
    };
  }, [open]);
  if (sync.problems.length === 0) return null;
  return (
    <div className="problems" ref={box}>
      <button
        ref={button}
        type="button"
        className="btn btn--warn"
        aria-expanded={open}
        aria-controls="problems-list"
        onClick={() => setOpen(!open)}
      >
        {t('problems.button', { count: sync.problems.length })}
      </button>
      {open && (
        <section id="problems-list" className="problems__panel" aria-label={t('problems.title')}>
          <h2 className="problems__title">{t('problems.title')}</h2>
          <ul className="problems__list">
            {sync.problems.map((problem) => (
              <li key={problem.id} className="problem">
                <div className="problem__attempted">{problem.attempted}</div>
                <div className="problem__reason">{problem.reason}</div>
                <button
                  type="button"
                  className="btn"
                  aria-label={t('problems.dismissOne', { what: problem.attempted })}
                  onClick={() => void sync.dismiss(problem.id)}
                >
                  {t('problems.dismiss')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
