import { type Kysely, sql } from 'kysely';
import type {
  EventFilter,
  MemoryScope,
  NewRun,
  RunFilter,
  RunRecord,
  RunUpdate,
  Store,
} from '../spec/store.ts';
import { isUniqueViolation } from './database-errors.ts';
import { runNotFound, StoreError } from './store-error.ts';
import { encodeJson, eventFromRow, type JsonDecode, journalEntryFromRow, runFromRow } from './store-rows.ts';
import type { StoreTables } from './store-tables.ts';

/** The store methods both dialects run through Kysely as they are. */
export type KyselyStoreQueries = Pick<
  Store,
  | 'createRun'
  | 'getRun'
  | 'findRun'
  | 'updateRun'
  | 'listRuns'
  | 'listEvents'
  | 'listJournal'
  | 'spentOf'
  | 'addSpend'
  | 'getMemory'
  | 'setMemory'
  | 'listMemory'
>;

const DEFAULT_RUN_LIMIT = 100;
/** How many ids an ambiguous prefix lists. */
const MAX_CANDIDATES = 10;

/**
 * The part of a store that is the same on every dialect: single statements, built with Kysely. Each
 * dialect adds the writes that need its own transaction handling (events, journal).
 *
 * @example
 * const queries = kyselyStoreQueries(db, decodeJsonText);
 * await queries.createRun(run);
 */
export function kyselyStoreQueries(db: Kysely<StoreTables>, decode: JsonDecode): KyselyStoreQueries {
  const getRun = async (id: string): Promise<RunRecord | undefined> => {
    const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : runFromRow(row, decode);
  };

  return {
    async createRun(run: NewRun): Promise<RunRecord> {
      const record: RunRecord = {
        ...run,
        status: 'running',
        costNanoUsd: 0,
        updatedAt: run.createdAt,
      };
      try {
        await db
          .insertInto('runs')
          .values({
            id: run.id,
            parent_id: run.parentId ?? null,
            kind: run.kind,
            name: run.name,
            status: record.status,
            input: encodeJson(run.input),
            source: encodeJson(run.source),
            output: null,
            error: null,
            owner: run.owner ?? null,
            cost_nano_usd: 0,
            created_at: run.createdAt,
            updated_at: run.createdAt,
            ended_at: null,
          })
          .execute();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new StoreError('store_conflict', `A run with id '${run.id}' exists already.`, {
          runId: run.id,
          cause: error,
          hint: 'Give each run a new id (a UUID), or resume the existing run.',
        });
      }
      return record;
    },

    getRun,

    async findRun(idOrPrefix: string): Promise<RunRecord | undefined> {
      if (idOrPrefix === '') return undefined;
      const exact = await getRun(idOrPrefix);
      if (exact !== undefined) return exact;
      // substr counts characters on both databases; JavaScript's length counts UTF-16 units.
      const length = [...idOrPrefix].length;
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where(sql<string>`substr(id, 1, ${sql.lit(length)})`, '=', idOrPrefix)
        .orderBy('id')
        .limit(MAX_CANDIDATES + 1)
        .execute();
      const matches = rows.filter((row) => row.id.startsWith(idOrPrefix));
      if (matches.length === 0) return undefined;
      if (matches.length === 1) return runFromRow(matches[0]!, decode);
      const candidates = matches.slice(0, MAX_CANDIDATES).map((row) => row.id);
      const more = matches.length > MAX_CANDIDATES ? ', …' : '';
      throw new StoreError(
        'ambiguous_run_id',
        `'${idOrPrefix}' is the start of several run ids: ${candidates.join(', ')}${more}.`,
        { candidates, hint: 'Give more characters of the id.' },
      );
    },

    async updateRun(id: string, update: RunUpdate): Promise<void> {
      const result = await db
        .updateTable('runs')
        .set({
          updated_at: update.updatedAt,
          ...(update.status === undefined ? {} : { status: update.status }),
          ...(update.output === undefined ? {} : { output: encodeJson(update.output) }),
          ...(update.error === undefined ? {} : { error: encodeJson(update.error) }),
          ...(update.owner === undefined ? {} : { owner: update.owner }),
          ...(update.costNanoUsd === undefined ? {} : { cost_nano_usd: update.costNanoUsd }),
          ...(update.endedAt === undefined ? {} : { ended_at: update.endedAt }),
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw runNotFound(id);
    },

    async listRuns(filter: RunFilter = {}): Promise<RunRecord[]> {
      let query = db.selectFrom('runs').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.parentId !== undefined) query = query.where('parent_id', '=', filter.parentId);
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(filter.limit ?? DEFAULT_RUN_LIMIT)
        .execute();
      return rows.map((row) => runFromRow(row, decode));
    },

    async listEvents(filter: EventFilter) {
      if (filter.types?.length === 0) return [];
      let query = db.selectFrom('events').selectAll();
      if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
      if (filter.types !== undefined) query = query.where('type', 'in', filter.types);
      if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
      if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
      if (filter.until !== undefined) query = query.where('at', '<', filter.until);
      query =
        filter.runId === undefined
          ? query.orderBy('at').orderBy('run_id').orderBy('seq')
          : query.orderBy('seq');
      if (filter.limit !== undefined) query = query.limit(filter.limit);
      const rows = await query.execute();
      return rows.map((row) => eventFromRow(row, decode));
    },

    async listJournal(runId: string) {
      const rows = await db
        .selectFrom('journal')
        .selectAll()
        .where('run_id', '=', runId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => journalEntryFromRow(row, decode));
    },

    async spentOf(scopeId: string): Promise<number> {
      const row = await db
        .selectFrom('ledger')
        .select('nano_usd')
        .where('scope_id', '=', scopeId)
        .executeTakeFirst();
      return row === undefined ? 0 : Number(row.nano_usd);
    },

    async addSpend(scopeId: string, nanoUsd: number): Promise<void> {
      assertNanoUsd(nanoUsd);
      await db
        .insertInto('ledger')
        .values({ scope_id: scopeId, nano_usd: nanoUsd })
        .onConflict((conflict) =>
          conflict.column('scope_id').doUpdateSet({
            nano_usd: sql<number>`ledger.nano_usd + excluded.nano_usd`,
          }),
        )
        .execute();
    },

    async getMemory(scope: MemoryScope, key: string): Promise<unknown> {
      const row = await db
        .selectFrom('memory')
        .select('value')
        .where('scope_kind', '=', scope.kind)
        .where('scope_id', '=', scope.id)
        .where('key', '=', key)
        .executeTakeFirst();
      return row === undefined ? undefined : decode(row.value);
    },

    async setMemory(scope: MemoryScope, key: string, value: unknown, at: number): Promise<void> {
      const json = encodeJson(value);
      if (json === null) {
        await db
          .deleteFrom('memory')
          .where('scope_kind', '=', scope.kind)
          .where('scope_id', '=', scope.id)
          .where('key', '=', key)
          .execute();
        return;
      }
      await db
        .insertInto('memory')
        .values({ scope_kind: scope.kind, scope_id: scope.id, key, value: json, updated_at: at })
        .onConflict((conflict) =>
          conflict.columns(['scope_kind', 'scope_id', 'key']).doUpdateSet({ value: json, updated_at: at }),
        )
        .execute();
    },

    async listMemory(scope: MemoryScope): Promise<Record<string, unknown>> {
      const rows = await db
        .selectFrom('memory')
        .select(['key', 'value'])
        .where('scope_kind', '=', scope.kind)
        .where('scope_id', '=', scope.id)
        .orderBy('key')
        .execute();
      // fromEntries defines properties, so a key such as `__proto__` stays a plain key.
      return Object.fromEntries(rows.map((row) => [row.key, decode(row.value)]));
    },
  };
}

/** Rejects amounts that are not whole nano-dollars ≥ 0. */
export function assertNanoUsd(nanoUsd: number): void {
  if (!Number.isSafeInteger(nanoUsd) || nanoUsd < 0) {
    throw new StoreError(
      'store_invalid_value',
      `Spend is kept in whole nano-dollars ≥ 0; got ${String(nanoUsd)}.`,
      {
        hint: 'Convert dollars with Math.round(usd * 1e9).',
      },
    );
  }
}
