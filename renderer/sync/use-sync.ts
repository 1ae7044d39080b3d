/** The desk's link to the API and the changes it refused, as main reports them (`sync:*` events). */
import { useCallback, useEffect, useState } from 'react';
import type { SyncProblem, SyncProgress, SyncStatus } from '../../core/ipc/sync.ipc';
import { firstInPage, takeFirst } from '../app/first-load';
import { afterFirstPaint } from '../lib/first-paint';

export interface SyncView {
  status: SyncStatus | null;
  /** The first snapshot's progress while it runs. */
  progress: SyncProgress | null;
  problems: SyncProblem[];
  dismiss(id: number): Promise<void>;
}

export function useSync(): SyncView {
  // The state the page carried is the first one (the effect below takes the same object again).
  const [status, setStatus] = useState<SyncStatus | null>(() => {
    const first = firstInPage('sync:status');
    return first?.ok ? first.value : null;
  });
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [problems, setProblems] = useState<SyncProblem[]>([]);

  const loadProblems = useCallback(async () => {
    const result = await window.bookdesk?.sync.problems({});
    if (result?.ok) setProblems(result.value);
  }, []);

  useEffect(() => {
    const api = window.bookdesk;
    if (!api) return;
    void (takeFirst('sync:status') ?? api.sync.status({})).then(
      (result) => result.ok && setStatus(result.value),
    );
    void afterFirstPaint().then(loadProblems);
    const offStatus = api.events.on('sync:status', (next) => {
      setStatus(next);
      if (next.connection.state !== 'syncing') setProgress(null);
      void loadProblems();
    });
    const offProgress = api.events.on('sync:progress', setProgress);
    return () => {
      offStatus();
      offProgress();
    };
  }, [loadProblems]);

  const dismiss = useCallback(
    async (id: number) => {
      await window.bookdesk.sync.dismissProblem({ id });
      await loadProblems();
    },
    [loadProblems],
  );

  return { status, progress, problems, dismiss };
}
