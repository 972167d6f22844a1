import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { isSqliteBusy } from './database-errors.ts';
import { StoreError } from './store-error.ts';

/** How long a statement waits for another connection's lock before SQLite reports it busy. */
export const BUSY_TIMEOUT_MS = 5000;

const SQLITE_CANTOPEN = 14;
const SQLITE_NOTADB = 26;

/** An open SQLite database and where it is. */
export interface OpenedSqliteDatabase {
  readonly database: DatabaseSync;
  /** The absolute path, or `:memory:`. */
  readonly location: string;
}

/**
 * Opens (creating it and its folder when missing) an SQLite database set up for several processes at
 * once: WAL journal, `synchronous=NORMAL` (a resolved write survives the process being killed),
 * a 5 s busy timeout and foreign keys on. A path that cannot be a database rejects with
 * `store_unavailable` and a hint.
 *
 * @example
 * const { database } = openSqliteDatabase('.vega/vega.db');
 */
export function openSqliteDatabase(path: string): OpenedSqliteDatabase {
  const inMemory = path === ':memory:';
  const location = inMemory ? path : resolve(path);
  if (!inMemory) prepareLocation(location);
  let database: DatabaseSync | undefined;
  try {
    database = new DatabaseSync(location, { timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true });
    database.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    database.exec('PRAGMA journal_mode = WAL');
    database.exec('PRAGMA synchronous = NORMAL');
    // Checkpoints (copying the WAL back into the database file, with a flush) run mostly in a background
    // thread (see startSqliteCheckpointer), so writes seldom wait for one. This connection's automatic
    // checkpoint, at ~40 MB of WAL, bounds the file when writes come faster than the thread keeps up
    // with; the file is cut back to 64 MB after one.
    database.exec('PRAGMA wal_autocheckpoint = 10000');
    database.exec('PRAGMA journal_size_limit = 67108864');
    database.exec('PRAGMA foreign_keys = ON');
    return { database, location };
  } catch (error) {
    if (database?.isOpen) database.close();
    // Busy is passing (another process is setting the database up): the caller retries.
    if (isSqliteBusy(error)) throw error;
    throw openFailure(location, error);
  }
}

function prepareLocation(location: string): void {
  if (statSync(location, { throwIfNoEntry: false })?.isDirectory()) {
    throw new StoreError(
      'store_unavailable',
      `Cannot open the SQLite store at ${location}: it is a directory.`,
      {
        location,
        hint: 'Give the path of a database file inside it, such as .vega/vega.db.',
      },
    );
  }
  try {
    mkdirSync(dirname(location), { recursive: true });
  } catch (error) {
    throw new StoreError(
      'store_unavailable',
      `Cannot create the folder for the SQLite store at ${location}: ${(error as Error).message}`,
      { location, cause: error, hint: 'Check that the folder can be created and written.' },
    );
  }
}

function openFailure(location: string, error: unknown): StoreError {
  const errcode = (error as { errcode?: unknown }).errcode;
  const reason = (error as Error).message;
  if (errcode === SQLITE_NOTADB) {
    return new StoreError('store_unavailable', `${location} is not an SQLite database (${reason}).`, {
      location,
      cause: error,
      hint: 'Point the store at a new path or at an existing Vega database.',
    });
  }
  const hint =
    errcode === SQLITE_CANTOPEN
      ? 'Check that the folder exists and that you may read and write it.'
      : 'Check the path and its permissions.';
  return new StoreError('store_unavailable', `Cannot open the SQLite store at ${location} (${reason}).`, {
    location,
    cause: error,
    hint,
  });
}
