import type { ColumnType } from 'kysely';

/**
 * A JSON column: TEXT on SQLite, `jsonb` on PostgreSQL. It is always written as a JSON string (or NULL
 * for `undefined`); it reads back as that string on SQLite and as the parsed value on PostgreSQL.
 */
type JsonColumn = ColumnType<string | null, string | null, string | null>;
/** An integer column: `pg` reads `bigint` back as a string. */
type IntegerColumn = ColumnType<number | string, number, number>;
/** A flag: 0/1 on SQLite, `boolean` on PostgreSQL. */
type FlagColumn = ColumnType<boolean | number, boolean | number, boolean | number>;

export interface RunsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  status: string;
  input: JsonColumn;
  source: JsonColumn;
  output: JsonColumn;
  error: JsonColumn;
  owner: string | null;
  cost_nano_usd: IntegerColumn;
  created_at: IntegerColumn;
  updated_at: IntegerColumn;
  ended_at: ColumnType<number | string | null, number | null, number | null>;
  /** PostgreSQL only: the last event sequence number given out for the run. */
  event_seq: ColumnType<number | string, number | undefined, number>;
}

export interface EventsTable {
  run_id: string;
  seq: IntegerColumn;
  type: string;
  at: IntegerColumn;
  process_id: string | null;
  span_id: string | null;
  payload: JsonColumn;
}

export interface JournalTable {
  run_id: string;
  key: string;
  seq: IntegerColumn;
  kind: string;
  status: string;
  idempotent: FlagColumn;
  request: JsonColumn;
  result: JsonColumn;
  error: JsonColumn;
  started_at: IntegerColumn;
  ended_at: ColumnType<number | string | null, number | null, number | null>;
}

export interface LedgerTable {
  scope_id: string;
  nano_usd: IntegerColumn;
}

export interface MemoryTable {
  scope_kind: string;
  scope_id: string;
  key: string;
  value: JsonColumn;
  updated_at: IntegerColumn;
}

export interface SpansTable {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  run_id: string | null;
  name: string;
  kind: string;
  start_us: IntegerColumn;
  end_us: ColumnType<number | string | null, number | null, number | null>;
  status: string;
  status_message: string | null;
  attributes: JsonColumn;
  events: JsonColumn;
  resource: JsonColumn;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: IntegerColumn;
}

/** The tables of a Vega store, as Kysely sees them. */
export interface StoreTables {
  runs: RunsTable;
  events: EventsTable;
  journal: JournalTable;
  ledger: LedgerTable;
  memory: MemoryTable;
  spans: SpansTable;
  vega_migrations: MigrationsTable;
}
