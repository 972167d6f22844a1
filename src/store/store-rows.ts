import type { Selectable } from 'kysely';
import type {
  EffectStatus,
  JournalEntry,
  RunRecord,
  RunStatus,
  StoredError,
  StoredEvent,
} from '../spec/store.ts';
import { StoreError } from './store-error.ts';
import type { EventsTable, JournalTable, RunsTable } from './store-tables.ts';

/** Turns a JSON column as the driver returns it into the value; SQL NULL is `undefined`. */
export type JsonDecode = (column: unknown) => unknown;

/** JSON columns arrive as text from both drivers (SQLite TEXT; `jsonb` with `pg` left unparsed). */
export const decodeJsonText: JsonDecode = (column) =>
  column === null || column === undefined ? undefined : JSON.parse(column as string);

/**
 * A value as a JSON column takes it: `undefined` (and what JSON cannot express at the top, such as a
 * function) is NULL. Rejects values `JSON.stringify` refuses, such as a `bigint` or a cycle.
 */
export function encodeJson(value: unknown): string | null {
  if (value === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new StoreError('store_invalid_value', `A value the store cannot keep as JSON: ${String(error)}`, {
      cause: error,
      hint: 'Keep plain JSON data: no bigint, no cycles.',
    });
  }
  return text ?? null;
}

function optionalNumber(column: number | string | null): number | undefined {
  return column === null ? undefined : Number(column);
}

/** A `runs` row as a {@link RunRecord}; columns that are NULL are left out. */
export function runFromRow(row: Selectable<RunsTable>, decode: JsonDecode): RunRecord {
  const source = decode(row.source);
  const output = decode(row.output);
  const error = decode(row.error) as StoredError | undefined;
  const endedAt = optionalNumber(row.ended_at);
  return {
    id: row.id,
    ...(row.parent_id === null ? {} : { parentId: row.parent_id }),
    kind: row.kind,
    name: row.name,
    input: decode(row.input),
    ...(source === undefined ? {} : { source }),
    ...(row.owner === null ? {} : { owner: row.owner }),
    createdAt: Number(row.created_at),
    status: row.status as RunStatus,
    ...(output === undefined ? {} : { output }),
    ...(error === undefined ? {} : { error }),
    costNanoUsd: Number(row.cost_nano_usd),
    updatedAt: Number(row.updated_at),
    ...(endedAt === undefined ? {} : { endedAt }),
  };
}

/** An `events` row as a {@link StoredEvent}. */
export function eventFromRow(row: Selectable<EventsTable>, decode: JsonDecode): StoredEvent {
  return {
    runId: row.run_id,
    seq: Number(row.seq),
    type: row.type,
    at: Number(row.at),
    ...(row.process_id === null ? {} : { processId: row.process_id }),
    ...(row.span_id === null ? {} : { spanId: row.span_id }),
    payload: decode(row.payload),
  };
}

/** A `journal` row as a {@link JournalEntry}. */
export function journalEntryFromRow(row: Selectable<JournalTable>, decode: JsonDecode): JournalEntry {
  const request = decode(row.request);
  const result = decode(row.result);
  const error = decode(row.error) as StoredError | undefined;
  const endedAt = optionalNumber(row.ended_at);
  return {
    runId: row.run_id,
    key: row.key,
    seq: Number(row.seq),
    kind: row.kind,
    status: row.status as EffectStatus,
    idempotent: Boolean(row.idempotent),
    ...(request === undefined ? {} : { request }),
    startedAt: Number(row.started_at),
    ...(result === undefined ? {} : { result }),
    ...(error === undefined ? {} : { error }),
    ...(endedAt === undefined ? {} : { endedAt }),
  };
}
