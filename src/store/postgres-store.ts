import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Store } from '../spec/store.ts';
import { guardClosed } from './guard-closed.ts';
import { kyselyStoreQueries } from './kysely-store-queries.ts';
import { migrateStore } from './migrate-store.ts';
import { mapPostgresError, postgresUnavailable } from './postgres-errors.ts';
import { postgresLocation } from './postgres-location.ts';
import { postgresWrites } from './postgres-writes.ts';
import { spanQueries } from './span-queries.ts';
import { StoreError } from './store-error.ts';
import { decodeJsonText } from './store-rows.ts';
import type { StoreTables } from './store-tables.ts';

/** How a PostgreSQL store connects. */
export interface PostgresStoreOptions {
  /**
   * The schema to keep the tables in, created when missing; the default is the connection's
   * `search_path` (usually `public`). Lower-case letters, digits and `_`.
   */
  readonly schema?: string;
  /** At most this many connections; default 10. */
  readonly poolSize?: number;
  /** How long to wait for a connection before giving up, in ms; default 10 000. */
  readonly connectTimeoutMs?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * Leaves `json`/`jsonb` as text for the store to parse: `pg` would parse a JSON `null` to the same
 * `null` as SQL NULL, and the store keeps `undefined` (NULL) and `null` apart.
 */
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === JSON_OID || oid === JSONB_OID
    ? (value: string) => value
    : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser;

/**
 * A store in a PostgreSQL database through a `pg` pool, migrated on open. Many processes and workers
 * may share it. JSON is kept as `jsonb`, which cannot hold the NUL character: such a value rejects with
 * `store_invalid_value`. A server that cannot be reached rejects with `store_unavailable`.
 *
 * @example
 * const store = await postgresStore('postgres://vega@127.0.0.1:5432/vega', { schema: 'vega' });
 * const runs = await store.listRuns({ status: 'running' });
 * await store.close();
 */
export async function postgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const location = postgresLocation(url);
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new StoreError('store_invalid_value', `'${schema}' is not a schema name the store accepts.`, {
      location,
      hint: 'Use lower-case letters, digits and _, starting with a letter or _.',
    });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: { getTypeParser: typeParser },
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle connection the server dropped is replaced on the next query; without a listener, pg would
  // raise its error on the whole process.
  pool.on('error', () => undefined);

  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw postgresUnavailable(location, error);
  }

  const db = new Kysely<StoreTables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateStore(db, { dialect: 'postgres', location, ...(schema === undefined ? {} : { schema }) });
  } catch (error) {
    await db.destroy();
    throw mapPostgresError(location, error);
  }

  return guardClosed(
    { ...kyselyStoreQueries(db, decodeJsonText), ...postgresWrites(db), ...spanQueries(db, decodeJsonText) },
    {
      dialect: 'postgres',
      location,
      close: () => db.destroy(),
      mapError: (error) => mapPostgresError(location, error),
    },
  );
}
