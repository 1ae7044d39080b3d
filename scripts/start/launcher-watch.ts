/**
 * `npm start` runs `sh -c "tsx scripts/start.ts"`, and tsx runs this script in a child process. On
 * SIGTERM npm passes the signal to that shell only; Debian's sh (dash) then dies without passing it
 * on, so tsx and this script were left running with the API and the bridge (issue 14 §5). This watch
 * notices the launcher going away and lets the script stop as it does on a signal.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The parent of `pid`, or null when unknown (from /proc on Linux, `ps` elsewhere). */
function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
  } catch {
    try {
      const ppid = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
      return Number.isInteger(ppid) && ppid > 0 ? ppid : null;
    } catch {
      return null;
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Under npm (`npm_lifecycle_event` set): calls `onGone` once when this process's parent (tsx) or
 * grandparent (npm's script shell) exits; both are npm's own and end only when npm is stopped. Without
 * npm it does nothing: tsx itself passes signals on. Returns a function that stops watching.
 */
export function watchLauncher(onGone: () => void, everyMs = 500): () => void {
  if (!process.env.npm_lifecycle_event) return () => undefined;
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const watched = [parent, grandparent].filter((pid): pid is number => pid !== null && pid > 1);
  const timer = setInterval(() => {
    if (watched.every(alive)) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
