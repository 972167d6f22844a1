import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { StoredSpan } from '../spec/store.ts';
import { latestSpans, spanToRow } from './span-rows.ts';

const COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'run_id',
  'name',
  'kind',
  'start_us',
  'end_us',
  'status',
  'status_message',
  'attributes',
  'events',
  'resource',
] as const;

const INSERT_SPAN = `
  INSERT INTO spans (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (trace_id, span_id) DO UPDATE SET ${COLUMNS.slice(2)
    .map((column) => `${column} = excluded.${column}`)
    .join(', ')}
  WHERE excluded.end_us IS NOT NULL OR spans.end_us IS NULL`;

/**
 * `appendSpans` on SQLite: one `BEGIN IMMEDIATE` transaction per batch on a prepared statement, run
 * synchronously like the store's other hot writes, so no other write can interleave with it.
 *
 * @example
 * const { appendSpans } = sqliteSpanWrites(database);
 * await appendSpans(spans);
 */
export function sqliteSpanWrites(database: DatabaseSync): (spans: readonly StoredSpan[]) => void {
  const insert = database.prepare(INSERT_SPAN);
  return (spans) => {
    const rows = latestSpans(spans).map(spanToRow);
    if (rows.length === 0) return;
    database.exec('BEGIN IMMEDIATE');
    try {
      for (const row of rows) insert.run(...COLUMNS.map((column) => (row[column] ?? null) as SQLInputValue));
      database.exec('COMMIT');
    } catch (error) {
      if (database.isTransaction) database.exec('ROLLBACK');
      throw error;
    }
  };
}
