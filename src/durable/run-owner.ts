import { hostname } from 'node:os';

/** This process as a run's owner: `host:pid`. */
export function currentOwner(): string {
  return `${hostname()}:${process.pid}`;
}

/**
 * Whether the process that owns a `running` run may still be running it: true for this process, for
 * a live process on this host, and for any other host (Vega cannot see it); false for a process on
 * this host that no longer exists.
 *
 * @example
 * if (run.status === 'running' && ownerMayBeAlive(run.owner)) throw new Error('still running');
 */
export function ownerMayBeAlive(owner: string | undefined): boolean {
  if (owner === undefined) return false;
  const colon = owner.lastIndexOf(':');
  const host = owner.slice(0, colon);
  const pid = Number(owner.slice(colon + 1));
  if (host !== hostname() || !Number.isSafeInteger(pid)) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
