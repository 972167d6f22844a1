import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

/** The databases a store runs on. */
export type StoreDialect = 'sqlite' | 'postgres';

/** One step of the schema. Versions only ever grow; a released step is never edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Kysely<unknown>, dialect: StoreDialect): Promise<void>;
}

/**
 * The schema of a store, oldest step first. Both dialects share it: JSON columns are TEXT on SQLite and
 * `jsonb` on PostgreSQL; times are epoch milliseconds and money is nano-dollars, both `bigint`.
 *
 * @example
 * const latest = migrations.at(-1)?.version;
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'runs-events-journal-ledger-memory',
    async up(db, dialect) {
      const json = dialect === 'postgres' ? 'jsonb' : 'text';
      const flag = dialect === 'postgres' ? 'boolean' : 'integer';
      // On SQLite the hot tables live in their primary key's b-tree: one structure fewer to write per insert.
      const clustered = <Table extends string, Columns extends string>(
        table: CreateTableBuilder<Table, Columns>,
      ) => (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table);

      await db.schema
        .createTable('runs')
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('parent_id', 'text')
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('input', json)
        .addColumn('source', json)
        .addColumn('output', json)
        .addColumn('error', json)
        .addColumn('owner', 'text')
        .addColumn('cost_nano_usd', 'bigint', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addColumn('ended_at', 'bigint')
        // PostgreSQL hands out event seqs from this counter under the run's row lock; SQLite serializes
        // writers anyway and takes the last seq of the run plus one, saving a page write per append.
        .$call((table) =>
          dialect === 'postgres'
            ? table.addColumn('event_seq', 'bigint', (column) => column.notNull().defaultTo(0))
            : table,
        )
        .execute();
      await db.schema.createIndex('runs_created_at').on('runs').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('runs_status').on('runs').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('runs_parent_id').on('runs').column('parent_id').execute();

      await db.schema
        .createTable('events')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('process_id', 'text')
        .addColumn('span_id', 'text')
        .addColumn('payload', json)
        .addPrimaryKeyConstraint('events_pk', ['run_id', 'seq'])
        .$call(clustered)
        .execute();
      await db.schema.createIndex('events_type_at').on('events').columns(['type', 'at']).execute();
      await db.schema.createIndex('events_at').on('events').column('at').execute();

      await db.schema
        .createTable('journal')
        .addColumn('run_id', 'text', (column) => column.notNull().references('runs.id').onDelete('cascade'))
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('seq', 'bigint', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('idempotent', flag, (column) => column.notNull())
        .addColumn('request', json)
        .addColumn('result', json)
        .addColumn('error', json)
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('ended_at', 'bigint')
        .addPrimaryKeyConstraint('journal_pk', ['run_id', 'key'])
        .addUniqueConstraint('journal_run_seq', ['run_id', 'seq'])
        .$call(clustered)
        .execute();

      await db.schema
        .createTable('ledger')
        .addColumn('scope_id', 'text', (column) => column.primaryKey())
        .addColumn('nano_usd', 'bigint', (column) => column.notNull())
        .execute();

      await db.schema
        .createTable('memory')
        .addColumn('scope_kind', 'text', (column) => column.notNull())
        .addColumn('scope_id', 'text', (column) => column.notNull())
        .addColumn('key', 'text', (column) => column.notNull())
        .addColumn('value', json, (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('memory_pk', ['scope_kind', 'scope_id', 'key'])
        .execute();
    },
  },
  {
    version: 2,
    name: 'spans',
    async up(db, dialect) {
      const json = dialect === 'postgres' ? 'jsonb' : 'text';
      // No foreign key to `runs`: spans may be exported before their run is created, or belong to none.
      await db.schema
        .createTable('spans')
        .addColumn('trace_id', 'text', (column) => column.notNull())
        .addColumn('span_id', 'text', (column) => column.notNull())
        .addColumn('parent_span_id', 'text')
        .addColumn('run_id', 'text')
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('start_us', 'bigint', (column) => column.notNull())
        .addColumn('end_us', 'bigint')
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('status_message', 'text')
        .addColumn('attributes', json, (column) => column.notNull())
        .addColumn('events', json)
        .addColumn('resource', json)
        .addPrimaryKeyConstraint('spans_pk', ['trace_id', 'span_id'])
        .execute();
      await db.schema.createIndex('spans_run_id').on('spans').columns(['run_id', 'start_us']).execute();
    },
  },
];
