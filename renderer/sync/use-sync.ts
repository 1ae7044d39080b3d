/** The desk's link to the API and the changes it refused, as main reports them (`sync:*` events). */
import { useCallback, useEffect, useState } from 'react';
import type { SyncProblem, SyncProgress, SyncStatus } from '../../core/ipc/sync.ipc';

export interface SyncView {
  status: SyncStatus | null;
  /** The first snapshot's progress while it runs. */
  progress: SyncProgress | null;
  problems: SyncProblem[];
  dismiss(id: number): Promise<void>;
}

export function useSync(): SyncView {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [progress, setProgress] = useState<SyncProgress | null>(null);
  const [problems, setProblems] = useState<SyncProblem[]>([]);

  const loadProblems = useCallback(async () => {
    const result = await window.bookdesk?.sync.problems({});
    if (result?.ok) setProblems(result.value);
  }, []);

  useEffect(() => {
    const api = window.bookdesk;
    if (!api) return;
    void api.sync.status({}).then((result) => result.ok && setStatus(result.value));
    void loadProblems();
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
