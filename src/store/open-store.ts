import { join } from 'node:path';
import type { Store } from '../spec/store.ts';
import type { PostgresStoreOptions } from './postgres-store.ts';
import { sqliteStore } from './sqlite-store.ts';

/** Options for {@link openStore}; the PostgreSQL ones apply to `postgres://` locations only. */
export type OpenStoreOptions = PostgresStoreOptions;

/** Whether a store location is a PostgreSQL URL. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at a location: a `postgres://` or `postgresql://` URL, otherwise an SQLite file path
 * (relative to the working directory; `:memory:` for a private in-memory database). The default is
 * `.vega/vega.db` in the working directory. The PostgreSQL adapter, and `pg` with it, is loaded only
 * when a URL asks for it.
 *
 * @example
 * const store = await openStore(process.env.VEGA_STORE);
 */
export async function openStore(location?: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (location !== undefined && isPostgresUrl(location)) {
    const { postgresStore } = await import('./postgres-store.ts');
    return postgresStore(location, options);
  }
  return sqliteStore(location ?? join(process.cwd(), '.vega', 'vega.db'));
}
