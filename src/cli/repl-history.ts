import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Environment } from '../model/registry/model-registry.ts';

/** How many lines the REPL remembers. */
export const REPL_HISTORY_SIZE = 1000;

/**
 * Where `vega repl` keeps its history: `$VEGA_HOME/repl_history`, else `~/.vega/repl_history`.
 *
 * @example
 * replHistoryFile({ VEGA_HOME: '/tmp/vega' }); // '/tmp/vega/repl_history'
 */
export function replHistoryFile(env: Environment): string {
  return join(env.VEGA_HOME ?? join(homedir(), '.vega'), 'repl_history');
}

/**
 * The saved history, newest first (as `node:readline` takes it); empty when there is none yet.
 *
 * @example
 * createInterface({ input, output, history: await readReplHistory(file) });
 */
export async function readReplHistory(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .reverse()
    .slice(0, REPL_HISTORY_SIZE);
}

/**
 * Saves the history (newest first, as readline reports it), oldest line first in the file. A history
 * that cannot be saved is not worth stopping the REPL for: the error is returned, not thrown.
 *
 * @example
 * readline.on('history', (lines) => void writeReplHistory(file, lines));
 */
export async function writeReplHistory(file: string, lines: readonly string[]): Promise<Error | undefined> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, lines.length === 0 ? '' : `${[...lines].reverse().join('\n')}\n`, { mode: 0o600 });
    return undefined;
  } catch (error) {
    return error as Error;
  }
}
