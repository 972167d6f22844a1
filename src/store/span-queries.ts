import type { Kysely } from 'kysely';
import type { SpanFilter, Store, StoredSpan } from '../spec/store.ts';
import { latestSpans, spanFromRow, spanToRow } from './span-rows.ts';
import { StoreError } from './store-error.ts';
import type { JsonDecode } from './store-rows.ts';
import type { StoreTables } from './store-tables.ts';

/** Rows per INSERT statement: well under PostgreSQL's 65 535 parameters at 13 columns a row. */
const SPAN_ROWS = 500;

/**
 * `listSpans` on both dialects, and `appendSpans` through Kysely (PostgreSQL: one transaction, one
 * upsert statement per {@link SPAN_ROWS} spans). SQLite writes spans on its own prepared statements
 * ({@link sqliteSpanWrites}) to share the write lock discipline of its other writes.
 *
 * @example
 * const { listSpans } = spanQueries(db, decodeJsonText);
 * const spans = await listSpans({ runId });
 */
export function spanQueries(
  db: Kysely<StoreTables>,
  decode: JsonDecode,
): Pick<Store, 'appendSpans' | 'listSpans'> {
  return {
    async appendSpans(spans: readonly StoredSpan[]): Promise<void> {
      const rows = latestSpans(spans).map(spanToRow);
      if (rows.length === 0) return;
      await db.transaction().execute(async (transaction) => {
        for (let done = 0; done < rows.length; done += SPAN_ROWS) {
          await transaction
            .insertInto('spans')
            .values(rows.slice(done, done + SPAN_ROWS))
            .onConflict((conflict) =>
              conflict
                .columns(['trace_id', 'span_id'])
                .doUpdateSet((update) => ({
                  parent_span_id: update.ref('excluded.parent_span_id'),
                  run_id: update.ref('excluded.run_id'),
                  name: update.ref('excluded.name'),
                  kind: update.ref('excluded.kind'),
                  start_us: update.ref('excluded.start_us'),
                  end_us: update.ref('excluded.end_us'),
                  status: update.ref('excluded.status'),
                  status_message: update.ref('excluded.status_message'),
                  attributes: update.ref('excluded.attributes'),
                  events: update.ref('excluded.events'),
                  resource: update.ref('excluded.resource'),
                }))
                // A span that ended is never replaced by an earlier snapshot of it while it was open.
                .where((where) =>
                  where.or([where('excluded.end_us', 'is not', null), where('spans.end_us', 'is', null)]),
                ),
            )
            .execute();
        }
      });
    },

    async listSpans(filter: SpanFilter): Promise<StoredSpan[]> {
      if (filter.runId === undefined && filter.traceId === undefined) {
        throw new StoreError('store_invalid_value', 'listSpans needs a run id or a trace id.', {
          hint: 'Pass { runId } or { traceId }.',
        });
      }
      let query = db.selectFrom('spans').selectAll();
      if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
      if (filter.traceId !== undefined) query = query.where('trace_id', '=', filter.traceId);
      const rows = await query.orderBy('start_us').orderBy('span_id').execute();
      return rows.map((row) => spanFromRow(row, decode));
    },
  };
}
