import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { EffectStart, NewEvent, Store, StoredError } from '../spec/store.ts';
import { isForeignKeyViolation } from './database-errors.ts';
import { retryWhileBusy } from './retry-while-busy.ts';
import { effectCompleted, effectNotFound, runNotFound } from './store-error.ts';
import { encodeJson } from './store-rows.ts';

/** The SQLite writes that run on every event and every effect. */
export type SqliteWrites = Pick<
  Store,
  'appendEvents' | 'startEffect' | 'completeEffect' | 'failEffect' | 'recordEffect'
>;

/** Events inserted by one statement when a batch has that many (the rest one by one). */
const EVENT_ROWS = 16;

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
 * and no driver round trip per call. A journal write is one statement, atomic by itself (SQLite takes
 * the write lock before the statement reads, so the next seq it computes is never stale); events are
 * appended in a `BEGIN IMMEDIATE` transaction, which takes the write lock up front, so the run's last
 * seq is read once and cannot change before the commit.
 *
 * @example
 * const writes = sqliteWrites(database, location);
 * await writes.appendEvents(runId, [{ type: 'run-started', at: Date.now(), payload: {} }]);
 */
export function sqliteWrites(database: DatabaseSync, location: string): SqliteWrites {
  const begin = database.prepare('BEGIN IMMEDIATE');
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');
  // Writers are serialized by the database's write lock: inside a transaction that holds it, the run's
  // last seq cannot change under us, so it is read once and the events get the seqs after it. (An
  // `INSERT … SELECT max(seq) + 1 FROM events` per event cost twice as much: SQLite copies a SELECT from
  // the table being inserted into through a temporary table.)
  const lastSeq = database.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events WHERE run_id = ?');
  // A statement of several rows costs a quarter less per event than one row at a time: most of the cost
  // of a small insert is the statement's round trip, not the row.
  const insertEvents = (rows: number) =>
    database.prepare(
      `INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES ${Array.from(
        { length: rows },
        () => '(?, ?, ?, ?, ?, ?, ?)',
      ).join(', ')}`,
    );
  const insertEvent = insertEvents(1);
  const insertEventRows = insertEvents(EVENT_ROWS);
  const startEffect = database.prepare(START_EFFECT);
  const recordEffect = database.prepare(RECORD_EFFECT);
  const endEffect = database.prepare(
    'UPDATE journal SET status = ?, result = ?, error = ?, ended_at = ? WHERE run_id = ? AND key = ?',
  );

  /** Appends `events` after the run's last one; only inside a transaction (the write lock held). */
  const appendLocked = (runId: string, events: readonly NewEvent[]): number[] => {
    const first = Number((lastSeq.get(runId) as { seq: number | bigint }).seq) + 1;
    const values = (event: NewEvent, seq: number): SQLInputValue[] => [
      runId,
      seq,
      event.type,
      event.at,
      event.processId ?? null,
      event.spanId ?? null,
      encodeJson(event.payload),
    ];
    try {
      let done = 0;
      for (; done + EVENT_ROWS <= events.length; done += EVENT_ROWS) {
        const rows = events.slice(done, done + EVENT_ROWS);
        insertEventRows.run(...rows.flatMap((event, index) => values(event, first + done + index)));
      }
      for (; done < events.length; done += 1) insertEvent.run(...values(events[done]!, first + done));
    } catch (error) {
      // A run that does not exist fails the foreign key.
      if (isForeignKeyViolation(error)) throw runNotFound(runId);
      throw error;
    }
    return Array.from({ length: events.length }, (_, index) => first + index);
  };

  /** Runs `write` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before anything is read. */
  const inTransaction = <T>(write: () => T): T => {
    begin.run();
    try {
      const result = write();
      commit.run();
      return result;
    } catch (error) {
      if (database.isTransaction) rollback.run();
      throw error;
    }
  };

  const appendAll = (runId: string, events: readonly NewEvent[]): number[] =>
    inTransaction(() => appendLocked(runId, events));

  /** Runs `write`, and appends `event` in the same transaction when there is one: one commit for both. */
  const withEvent = (runId: string, event: NewEvent | undefined, write: () => void): void => {
    if (event === undefined) {
      write();
      return;
    }
    inTransaction(() => {
      write();
      appendLocked(runId, [event]);
    });
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
