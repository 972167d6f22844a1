import { Kysely, SqliteDialect } from 'kysely';
import type { Store } from '../spec/store.ts';
import { guardClosed, type StoreMethods } from './guard-closed.ts';
import { kyselyStoreQueries } from './kysely-store-queries.ts';
import { migrateStore } from './migrate-store.ts';
import { nodeSqliteDatabase } from './node-sqlite-database.ts';
import { openSqliteDatabase } from './open-sqlite-database.ts';
import { retryWhileBusy } from './retry-while-busy.ts';
import { spanQueries } from './span-queries.ts';
import { type SqliteCheckpointer, startSqliteCheckpointer } from './sqlite-checkpointer.ts';
import { sqliteSpanWrites } from './sqlite-span-writes.ts';
import { sqliteWrites } from './sqlite-writes.ts';
import { decodeJsonText } from './store-rows.ts';
import type { StoreTables } from './store-tables.ts';

/**
 * A store in one SQLite file through `node:sqlite`, migrated on open. Several processes may open the
 * same file at once (a run writing while `vega events --follow` reads): writes take the write lock
 * up front and retry while another process holds it. The folder is created when missing; `:memory:`
 * gives a private in-memory database.
 *
 * @example
 * const store = await sqliteStore('.vega/vega.db');
 * await store.createRun({ id: 'r1', kind: 'function', name: 'triage', input: {}, createdAt: Date.now() });
 * await store.close();
 */
export async function sqliteStore(path: string): Promise<Store> {
  const { database, location } = await retryWhileBusy(() => openSqliteDatabase(path), path);
  const db = new Kysely<StoreTables>({
    dialect: new SqliteDialect({ database: nodeSqliteDatabase(database) }),
  });
  let checkpointer: SqliteCheckpointer | undefined;
  const close = async (): Promise<void> => {
    await checkpointer?.stop();
    await db.destroy();
    if (database.isOpen) database.close();
  };
  try {
    await retryWhileBusy(() => migrateStore(db, { dialect: 'sqlite', location }), location);
  } catch (error) {
    await close();
    throw error;
  }
  if (location !== ':memory:') checkpointer = startSqliteCheckpointer(location);

  const queries = kyselyStoreQueries(db, decodeJsonText);
  const spans = spanQueries(db, decodeJsonText);
  const writeSpans = sqliteSpanWrites(database);
  const busyRetried =
    <A extends unknown[], R>(method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      retryWhileBusy(() => method(...args), location);
  const methods: StoreMethods = {
    createRun: busyRetried(queries.createRun),
    getRun: queries.getRun,
    findRun: queries.findRun,
    updateRun: busyRetried(queries.updateRun),
    listRuns: queries.listRuns,
    listEvents: queries.listEvents,
    listJournal: queries.listJournal,
    spentOf: queries.spentOf,
    addSpend: busyRetried(queries.addSpend),
    getMemory: queries.getMemory,
    setMemory: busyRetried(queries.setMemory),
    listMemory: queries.listMemory,
    appendSpans: busyRetried(async (spans) => writeSpans(spans)),
    listSpans: spans.listSpans,
    ...sqliteWrites(database, location),
  };
  return guardClosed(methods, { dialect: 'sqlite', location, close });
}
