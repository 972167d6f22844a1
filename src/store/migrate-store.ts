import { type Kysely, sql } from 'kysely';
import { migrations as defaultMigrations, type Migration, type StoreDialect } from './migrations.ts';
import { StoreError } from './store-error.ts';
import type { StoreTables } from './store-tables.ts';

/** Where and how to migrate. */
export interface MigrateOptions {
  readonly dialect: StoreDialect;
  /** The database, without its password, for messages. */
  readonly location: string;
  /** PostgreSQL: the schema to create (if missing) before migrating. */
  readonly schema?: string;
  /** The steps to apply; the store's own by default. */
  readonly migrations?: readonly Migration[];
}

/**
 * Brings a database up to the newest schema this code knows. Safe when several processes open the same
 * fresh database at once: they take the write lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL an advisory
 * transaction lock) before reading which steps are applied, so each step runs once. A database migrated
 * by a newer Vega rejects with `store_too_new`.
 *
 * @example
 * await migrateStore(db, { dialect: 'sqlite', location: '.vega/vega.db' });
 */
export async function migrateStore(db: Kysely<StoreTables>, options: MigrateOptions): Promise<void> {
  const steps = [...(options.migrations ?? defaultMigrations)].sort((a, b) => a.version - b.version);
  const applied = await appliedVersions(db, options.dialect);
  if (applied !== undefined && isUpToDate(applied, steps, options.location)) return;
  await withMigrationLock(db, options, async (locked) => {
    await locked.schema
      .createTable('vega_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('applied_at', 'bigint', (column) => column.notNull())
      .execute();
    const done = new Set((await appliedVersions(locked, options.dialect)) ?? []);
    if (isUpToDate([...done], steps, options.location)) return;
    for (const step of steps) {
      if (done.has(step.version)) continue;
      await step.up(locked as unknown as Kysely<unknown>, options.dialect);
      await locked
        .insertInto('vega_migrations')
        .values({ version: step.version, name: step.name, applied_at: Date.now() })
        .execute();
    }
  });
}

/** The applied versions, or `undefined` when the table is not there yet. */
async function appliedVersions(
  db: Kysely<StoreTables>,
  dialect: StoreDialect,
): Promise<number[] | undefined> {
  const exists =
    dialect === 'postgres'
      ? sql<{ found: boolean }>`select to_regclass('vega_migrations') is not null as found`
      : sql<{
          found: number;
        }>`select count(*) as found from sqlite_master where type = 'table' and name = 'vega_migrations'`;
  const found = (await exists.execute(db)).rows[0]?.found;
  if (!found) return undefined;
  const rows = await db.selectFrom('vega_migrations').select('version').execute();
  return rows.map((row) => Number(row.version));
}

function isUpToDate(applied: readonly number[], steps: readonly Migration[], location: string): boolean {
  const known = steps.at(-1)?.version ?? 0;
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new StoreError(
      'store_too_new',
      `The store at ${location} has schema version ${newest}; this Vega knows up to version ${known}.`,
      { location, hint: 'Upgrade vega-agents, or point it at another database.' },
    );
  }
  const have = new Set(applied);
  return steps.every((step) => have.has(step.version));
}

async function withMigrationLock(
  db: Kysely<StoreTables>,
  options: MigrateOptions,
  body: (db: Kysely<StoreTables>) => Promise<void>,
): Promise<void> {
  if (options.dialect === 'postgres') {
    await db.transaction().execute(async (transaction) => {
      const lockName = `vega_migrations:${options.schema ?? ''}`;
      await sql`select pg_advisory_xact_lock(hashtext(${lockName}))`.execute(transaction);
      if (options.schema !== undefined) {
        await sql`create schema if not exists ${sql.id(options.schema)}`.execute(transaction);
      }
      await body(transaction);
    });
    return;
  }
  // The SQLite driver has one connection, so these statements and the body share it.
  await sql`begin immediate`.execute(db);
  try {
    await body(db);
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}
