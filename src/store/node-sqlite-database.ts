import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Prepared statements kept per SQL text; Kysely would otherwise prepare each query anew. */
const MAX_CACHED_STATEMENTS = 200;

/**
 * Lets Kysely's `SqliteDialect` drive a `node:sqlite` database: Kysely expects better-sqlite3's
 * `prepare(sql)` with `reader`, `all`, `run` and `iterate`, which map one to one onto `StatementSync`.
 * Booleans become 0/1 and `undefined` becomes NULL, since `node:sqlite` binds neither.
 *
 * @example
 * const dialect = new SqliteDialect({ database: nodeSqliteDatabase(new DatabaseSync(path)) });
 */
export function nodeSqliteDatabase(database: DatabaseSync): SqliteDatabase {
  const cache = new Map<string, StatementSync>();
  const prepared = (sql: string): StatementSync => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = database.prepare(sql);
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  };

  return {
    close() {
      cache.clear();
      if (database.isOpen) database.close();
    },
    prepare(sql: string): SqliteStatement {
      const statement = prepared(sql);
      return {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...bindable(parameters)),
        run: (parameters) => statement.run(...bindable(parameters)),
        // An iterator is read lazily, so it gets a statement of its own rather than a shared one.
        iterate: (parameters) => database.prepare(sql).iterate(...bindable(parameters)),
      };
    },
  };
}

function bindable(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
  return parameters.map((value) => {
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value as SQLInputValue;
  });
}
