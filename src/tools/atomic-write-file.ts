import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `content` to `file` so that it is never seen half-written and a repeated write changes
 * nothing: identical content is left alone (no write at all), other content goes to a temporary file
 * in the same folder, renamed over the target. Temporary files left by a process that was killed
 * between its write and its rename are swept away first.
 *
 * @example
 * await atomicWriteFile('/work/out/report.md', '# Report', signal); // false when it was already there
 */
export async function atomicWriteFile(file: string, content: string, signal: AbortSignal): Promise<boolean> {
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (current === content) return false;
  await sweepStaleTemporaries(file);
  const temporary = `${file}${TEMPORARY_MARK}${process.pid}-${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, content, { encoding: 'utf8', signal });
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
  return true;
}

const TEMPORARY_MARK = '.vega-';

/** Removes `<file>.vega-<pid>-<id>.tmp` files whose process no longer exists. */
async function sweepStaleTemporaries(file: string): Promise<void> {
  const prefix = `${basename(file)}${TEMPORARY_MARK}`;
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isSafeInteger(pid) && !processExists(pid))
      await rm(join(dirname(file), name), { force: true });
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
