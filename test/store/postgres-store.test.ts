import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { postgresStore } from '../../src/store/postgres-store.ts';
import { expectStoreError } from './contract/contract-support.ts';
import { checkPostgres, dropSchemas, POSTGRES_TEST_URL, randomSchema } from './postgres-test-database.ts';
import { storeContract } from './store-contract.ts';

const reachable = await checkPostgres('the PostgreSQL store tests');
const schemas: string[] = [];
const freshSchema = (): string => {
  const schema = randomSchema();
  schemas.push(schema);
  return schema;
};

afterAll(() => (reachable ? dropSchemas(schemas) : undefined));

describe.skipIf(!reachable)('PostgreSQL store', () => {
  storeContract('PostgreSQL', () => postgresStore(POSTGRES_TEST_URL, { schema: freshSchema(), poolSize: 4 }));

  it('keeps its tables in the schema it is given', async () => {
    const schema = freshSchema();
    const store = await postgresStore(POSTGRES_TEST_URL, { schema });
    await store.close();
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    await client.end();
    expect(rows.map((row) => row.table_name)).toEqual([
      'events',
      'journal',
      'ledger',
      'memory',
      'runs',
      'spans',
      'vega_migrations',
    ]);
  });

  it('migrates once when many stores open the same fresh schema at once', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 6 }, () => postgresStore(POSTGRES_TEST_URL, { schema, poolSize: 2 })),
    );
    await stores[0]!.createRun({ id: 'seen', kind: 'function', name: 'n', input: {}, createdAt: 1 });
    for (const store of stores) expect((await store.getRun('seen'))?.id).toBe('seen');
    await Promise.all(stores.map((store) => store.close()));
  });

  it('refuses a schema migrated by a newer Vega', async () => {
    const schema = freshSchema();
    await (await postgresStore(POSTGRES_TEST_URL, { schema })).close();
    const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
    await client.connect();
    await client.query(
      `insert into "${schema}".vega_migrations (version, name, applied_at) values (999, 'future', 1)`,
    );
    await client.end();
    const error = await expectStoreError(postgresStore(POSTGRES_TEST_URL, { schema }), 'store_too_new');
    expect(error.message).toContain('999');
  });

  it('refuses the NUL character with a store error', async () => {
    const store = await postgresStore(POSTGRES_TEST_URL, { schema: freshSchema() });
    try {
      await store.createRun({ id: 'nul', kind: 'function', name: 'n', input: {}, createdAt: 1 });
      const error = await expectStoreError(
        store.appendEvents('nul', [{ type: 'x', at: 1, payload: 'a\u0000b' }]),
        'store_invalid_value',
      );
      expect(error.hint).toContain('NUL');
      await expectStoreError(
        store.setMemory({ kind: 'global', id: '' }, 'k\u0000', 1, 1),
        'store_invalid_value',
      );
    } finally {
      await store.close();
    }
  });

  it('is what openStore opens for a postgres:// or postgresql:// URL', async () => {
    const schema = freshSchema();
    const store = await openStore(POSTGRES_TEST_URL, { schema });
    const other = await openStore(POSTGRES_TEST_URL.replace(/^postgres:/, 'postgresql:'), { schema });
    expect(store.dialect).toBe('postgres');
    expect(other.dialect).toBe('postgres');
    await store.close();
    await other.close();
  });
});

describe('PostgreSQL store, without a server', () => {
  it('explains an unreachable server without showing the password', async () => {
    const error = await expectStoreError(
      postgresStore('postgres://vega:hunter2@127.0.0.1:1/vega?password=hunter2', { connectTimeoutMs: 2_000 }),
      'store_unavailable',
    );
    expect(error.message).toBe(
      'Cannot connect to PostgreSQL at postgres://vega@127.0.0.1:1/vega (ECONNREFUSED): is the server running and listening on that host and port?',
    );
    expect(error.message).not.toContain('hunter2');
    expect(error.location).toBe('postgres://vega@127.0.0.1:1/vega');
    expect(error.hint).toBeDefined();
  });

  it('refuses a schema name it would have to quote', async () => {
    await expectStoreError(
      postgresStore(POSTGRES_TEST_URL, { schema: 'Robert"; drop table runs' }),
      'store_invalid_value',
    );
  });
});
