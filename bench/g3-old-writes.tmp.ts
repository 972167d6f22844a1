import type { DatabaseSync } from 'node:sqlite';
import type { EffectStart, NewEvent, Store, StoredError } from '../src/spec/store.ts';
import { isForeignKeyViolation } from '../src/store/database-errors.ts';
import { retryWhileBusy } from '../src/store/retry-while-busy.ts';
import { effectCompleted, effectNotFound, runNotFound } from '../src/store/store-error.ts';
import { encodeJson } from '../src/store/store-rows.ts';

/** The SQLite writes that run on every event and every effect. */
export type SqliteWrites = Pick<
  Store,
  'appendEvents' | 'startEffect' | 'completeEffect' | 'failEffect' | 'recordEffect'
>;

const START_EFFECT = `
  INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, started_at)
  VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ?1), ?3, 'started', ?4, ?5, ?6)
  ON CONFLICT (run_id, key) DO UPDATE SET
    status = 'started', idempotent = excluded.idempotent, request = excluded.request,
    started_at = excluded.started_at, result = NULL, error = NULL, ended_at = NULL
  WHERE journal.status <> 'completed'`;

const RECORD_EFFECT = `
  INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
  VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ?1), ?3, 'completed', ?4, ?5, ?6, ?7, ?8)
  ON CONFLICT (run_id, key) DO UPDATE SET
    status = 'completed', idempotent = excluded.idempotent, request = excluded.request,
    result = excluded.result, error = NULL, started_at = excluded.started_at, ended_at = excluded.ended_at
  WHERE journal.status <> 'completed'`;

/**
 * The hot writes of the SQLite store, on prepared statements called synchronously: no query building
 * and no driver round trip per call. Each write is one statement, atomic by itself (SQLite takes the
 * write lock before the statement reads, so the next seq it computes is never stale); a batch of
 * events is one `BEGIN IMMEDIATE` transaction, which takes the write lock up front for the same reason.
 *
 * @example
 * const writes = sqliteWrites(database, location);
 * await writes.appendEvents(runId, [{ type: 'run-started', at: Date.now(), payload: {} }]);
 */
export function sqliteWrites(database: DatabaseSync, location: string): SqliteWrites {
  const begin = database.prepare('BEGIN IMMEDIATE');
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');
  // Writers are serialized by the database's write lock, so the next seq is the run's last plus one;
  // a run that does not exist fails the foreign key.
  const insertEvent = database.prepare(`
    INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload)
    SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM events WHERE run_id = ?1
    RETURNING seq`);
  const startEffect = database.prepare(START_EFFECT);
  const recordEffect = database.prepare(RECORD_EFFECT);
  const endEffect = database.prepare(
    'UPDATE journal SET status = ?, result = ?, error = ?, ended_at = ? WHERE run_id = ? AND key = ?',
  );

  const append = (runId: string, event: NewEvent): number => {
    try {
      // all(), not get(): get() resets the statement before SQLite reports it done, and SQLite runs its
      // automatic checkpoint only then, so with get() the WAL file would grow without end.
      const [row] = insertEvent.all(
        runId,
        event.type,
        event.at,
        event.processId ?? null,
        event.spanId ?? null,
        encodeJson(event.payload),
      ) as { seq: number }[];
      return row!.seq;
    } catch (error) {
      if (isForeignKeyViolation(error)) throw runNotFound(runId);
      throw error;
    }
  };

  const appendAll = (runId: string, events: readonly NewEvent[]): number[] => {
    // One event is one statement, atomic by itself; several share a transaction.
    if (events.length === 1) return [append(runId, events[0]!)];
    begin.run();
    try {
      const seqs = events.map((event) => append(runId, event));
      commit.run();
      return seqs;
    } catch (error) {
      if (database.isTransaction) rollback.run();
      throw error;
    }
  };

  /** Runs `write`, and appends `event` in the same transaction when there is one: one commit for both. */
  const withEvent = (runId: string, event: NewEvent | undefined, write: () => void): void => {
    if (event === undefined) {
      write();
      return;
    }
    begin.run();
    try {
      write();
      append(runId, event);
      commit.run();
    } catch (error) {
      if (database.isTransaction) rollback.run();
      throw error;
    }
  };

  const end = (
    runId: string,
    key: string,
    status: 'completed' | 'failed',
    result: string | null,
    error: string | null,
    endedAt: number,
  ): void => {
    const { changes } = endEffect.run(status, result, error, endedAt, runId, key);
    if (changes === 0) {
      throw effectNotFound(runId, key);
    }
  };

  return {
    appendEvents(runId: string, events: readonly NewEvent[]): Promise<number[]> {
      if (events.length === 0) return Promise.resolve([]);
      return retryWhileBusy(() => appendAll(runId, events), location);
    },

    startEffect(start: EffectStart, event?: NewEvent): Promise<void> {
      const request = encodeJson(start.request);
      const write = () => {
        let changes: number | bigint;
        try {
          ({ changes } = startEffect.run(
            start.runId,
            start.key,
            start.kind,
            start.idempotent ? 1 : 0,
            request,
            start.startedAt,
          ));
        } catch (error) {
          if (isForeignKeyViolation(error)) throw runNotFound(start.runId);
          throw error;
        }
        if (changes === 0) throw effectCompleted(start.runId, start.key);
      };
      return retryWhileBusy(() => withEvent(start.runId, event, write), location);
    },

    recordEffect(start: EffectStart, result: unknown, endedAt: number, event?: NewEvent): Promise<void> {
      const request = encodeJson(start.request);
      const json = encodeJson(result);
      const write = () => {
        let changes: number | bigint;
        try {
          ({ changes } = recordEffect.run(
            start.runId,
            start.key,
            start.kind,
            start.idempotent ? 1 : 0,
            request,
            json,
            start.startedAt,
            endedAt,
          ));
        } catch (error) {
          if (isForeignKeyViolation(error)) throw runNotFound(start.runId);
          throw error;
        }
        if (changes === 0) throw effectCompleted(start.runId, start.key);
      };
      return retryWhileBusy(() => withEvent(start.runId, event, write), location);
    },

    completeEffect(
      runId: string,
      key: string,
      result: unknown,
      endedAt: number,
      event?: NewEvent,
    ): Promise<void> {
      const json = encodeJson(result);
      return retryWhileBusy(
        () => withEvent(runId, event, () => end(runId, key, 'completed', json, null, endedAt)),
        location,
      );
    },

    failEffect(
      runId: string,
      key: string,
      error: StoredError,
      endedAt: number,
      event?: NewEvent,
    ): Promise<void> {
      const json = encodeJson(error);
      return retryWhileBusy(
        () => withEvent(runId, event, () => end(runId, key, 'failed', null, json, endedAt)),
        location,
      );
    },
  };
}
