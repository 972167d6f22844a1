import { join, resolve } from 'node:path';
import type { Store } from '../spec/store.ts';
import { openStore } from '../store/open-store.ts';
import type { CliIo } from './cli-io.ts';

/**
 * The store a command works on: `--store`, else `VEGA_STORE`, else `.vega/vega.db` in the working
 * directory. An SQLite path is relative to the working directory; `postgres://` URLs are used as given.
 *
 * @example
 * const store = await openCliStore(args.store, io);
 */
export function openCliStore(option: string | undefined, io: CliIo): Promise<Store> {
  const location = option ?? io.env.VEGA_STORE ?? join('.vega', 'vega.db');
  if (/^postgres(ql)?:\/\//.test(location) || location === ':memory:') return openStore(location);
  return openStore(resolve(io.cwd, location));
}
