import { type Kysely, sql } from 'kysely';
import type { EffectStart, NewEvent, Store, StoredError } from '../spec/store.ts';
import { isForeignKeyViolation, isUniqueViolation } from './database-errors.ts';
import { effectCompleted, effectNotFound, runNotFound, StoreError } from './store-error.ts';
import { encodeJson } from './store-rows.ts';
import type { StoreTables } from './store-tables.ts';

/** The PostgreSQL writes of events and effects. */
export type PostgresWrites = Pick<
  Store,
  'appendEvents' | 'startEffect' | 'completeEffect' | 'failEffect' | 'recordEffect'
>;

/** How often a start is tried again after a concurrent start in the same run took the same seq. */
const MAX_START_ATTEMPTS = 100;

/**
 * Event and journal writes on PostgreSQL, each one statement (one round trip, atomic by itself).
 * Appends bump the run's `event_seq` counter in the same statement: the row lock queues concurrent
 * appends to one run on any connection, and other runs do not wait. A first start of an effect takes
 * the run's last journal seq plus one; a concurrent start that took the same seq fails the unique
 * (run_id, seq) constraint and is tried again with a fresh snapshot.
 *
 * @example
 * const writes = postgresWrites(db);
 * await writes.startEffect({ runId, key: 'step:0', kind: 'step', idempotent: true, startedAt: Date.now() });
 */
export function postgresWrites(db: Kysely<StoreTables>): PostgresWrites {
  const end = async (
    runId: string,
    key: string,
    status: 'completed' | 'failed',
    result: string | null,
    error: string | null,
    endedAt: number,
  ): Promise<void> => {
    const outcome = await db
      .updateTable('journal')
      .set({ status, result, error, ended_at: endedAt })
      .where('run_id', '=', runId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (outcome.numUpdatedRows === 0n) throw effectNotFound(runId, key);
  };

  /** Inserts a started effect, or (with `ended`) a completed one, taking the run's next journal seq. */
  const insertEffect = async (
    start: EffectStart,
    ended: { readonly result: string | null; readonly endedAt: number } | undefined,
    event: NewEvent | undefined,
  ): Promise<void> => {
    const request = encodeJson(start.request);
    const status = ended === undefined ? 'started' : 'completed';
    for (let attempt = 1; ; attempt++) {
      try {
        const { numAffectedRows } = await sql`
            INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
            VALUES (
              ${start.runId}, ${start.key},
              (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ${start.runId}),
              ${start.kind}, ${status}, ${start.idempotent}, ${request}::jsonb, ${ended?.result ?? null}::jsonb,
              ${start.startedAt}, ${ended?.endedAt ?? null}
            )
            ON CONFLICT (run_id, key) DO UPDATE SET
              status = excluded.status, idempotent = excluded.idempotent, request = excluded.request,
              started_at = excluded.started_at, result = excluded.result, error = NULL, ended_at = excluded.ended_at
            WHERE journal.status <> 'completed'`.execute(db);
        if (numAffectedRows === 0n) throw effectCompleted(start.runId, start.key);
        if (event !== undefined) await writes.appendEvents(start.runId, [event]);
        return;
      } catch (error) {
        if (isForeignKeyViolation(error)) throw runNotFound(start.runId);
        const seqTaken =
          isUniqueViolation(error) && (error as { constraint?: unknown }).constraint === 'journal_run_seq';
        if (!seqTaken) throw error;
        if (attempt >= MAX_START_ATTEMPTS) {
          throw new StoreError('store_conflict', `Too many concurrent starts in run '${start.runId}'.`, {
            runId: start.runId,
            key: start.key,
            cause: error,
          });
        }
      }
    }
  };

  const writes: PostgresWrites = {
    async appendEvents(runId: string, events: readonly NewEvent[]): Promise<number[]> {
      if (events.length === 0) return [];
      const count = events.length;
      const { rows } = await sql<{ seq: string }>`
        WITH bumped AS (
          UPDATE runs SET event_seq = event_seq + ${count} WHERE id = ${runId} RETURNING event_seq
        )
        INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload)
        SELECT ${runId}, bumped.event_seq - ${count} + e.ord, e.type, e.at, e.process_id, e.span_id, e.payload
        FROM bumped, unnest(
          ${events.map((event) => event.type)}::text[],
          ${events.map((event) => event.at)}::bigint[],
          ${events.map((event) => event.processId ?? null)}::text[],
          ${events.map((event) => event.spanId ?? null)}::text[],
          ${events.map((event) => encodeJson(event.payload))}::jsonb[]
        ) WITH ORDINALITY AS e (type, at, process_id, span_id, payload, ord)
        RETURNING seq`.execute(db);
      if (rows.length === 0) throw runNotFound(runId);
      return rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
    },

    startEffect(start: EffectStart, event?: NewEvent): Promise<void> {
      return insertEffect(start, undefined, event);
    },

    recordEffect(start: EffectStart, result: unknown, endedAt: number, event?: NewEvent): Promise<void> {
      return insertEffect(start, { result: encodeJson(result), endedAt }, event);
    },

    async completeEffect(runId: string, key: string, result: unknown, endedAt: number, event?: NewEvent) {
      await end(runId, key, 'completed', encodeJson(result), null, endedAt);
      if (event !== undefined) await writes.appendEvents(runId, [event]);
    },

    async failEffect(runId: string, key: string, error: StoredError, endedAt: number, event?: NewEvent) {
      await end(runId, key, 'failed', null, encodeJson(error), endedAt);
      if (event !== undefined) await writes.appendEvents(runId, [event]);
    },
  };
  return writes;
}
