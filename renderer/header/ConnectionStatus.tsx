/**
 * The link to the API in words, in the header's `status` element: "Online · All changes saved",
 * "Offline since 11:35 · 3 changes waiting", "Syncing 42%" (with a progress bar during the first sync).
 */
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { useFormat, useT } from '../i18n/use-t';
import type { SyncView } from '../sync/use-sync';

export function ConnectionStatus({
  sync,
  session,
  zone,
}: {
  sync: SyncView;
  session: SessionStatus | null;
  zone: string;
}) {
  const t = useT();
  const f = useFormat();
  const connection = sync.status?.connection ?? null;
  // The sync engine counts what waits; signed out it is stopped, and the session still counts the
  // outbox that waits for the next sign-in.
  const engineCounts = connection !== null && connection.state !== 'signed-out';
  const waiting = engineCounts ? (sync.status?.waiting ?? 0) : (session?.pendingChanges ?? 0);
  const progress = sync.progress ?? (connection?.state === 'syncing' ? connection.progress : null);
  const percent =
    progress && progress.total > 0 ? Math.min(100, Math.floor((progress.done / progress.total) * 100)) : 0;
  let state: 'online' | 'offline' | 'syncing';
  let words: string;
  switch (connection?.state) {
    case 'online':
      state = 'online';
      words = t('connection.online');
      break;
    case 'syncing':
      state = 'syncing';
      words = t('connection.syncing', { percent: f.number(percent) });
      break;
    case 'connecting':
      state = 'syncing';
      words = t('connection.connecting');
      break;
    case 'offline':
      state = 'offline';
      words = t('connection.offlineSince', { time: f.time(zone, connection.since) });
      break;
    default:
      state = session?.online ? 'online' : 'offline';
      words = session?.online ? t('connection.online') : t('connection.offline');
  }
  return (
    <div className={`connection connection--${state}`} role="status">
      <span className="connection__dot" aria-hidden="true" />
      <span>{words}</span> <span className="connection__sep">·</span>{' '}
      <span>{waiting === 0 ? t('connection.allSaved') : t('connection.waiting', { count: waiting })}</span>
      {connection?.state === 'syncing' && (
        <progress
          className="connection__progress"
          max={100}
          value={percent}
          aria-label={t('connection.firstSync')}
        />
      )}
    </div>
  );
}
