import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the store tests use: `VEGA_TEST_POSTGRES_URL`, else the local test database. */
export const POSTGRES_TEST_URL =
  process.env.VEGA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the test PostgreSQL answers, and if not, why; a skip is announced loudly with the reason. */
export async function checkPostgres(suite: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    const reason = (error as { code?: string }).code ?? (error as Error).message;
    console.warn(
      `\n⚠️  SKIPPING ${suite}: PostgreSQL at ${POSTGRES_TEST_URL} is unreachable (${reason}). ` +
        'Start it, or set VEGA_TEST_POSTGRES_URL. CI must not skip this.\n',
    );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema name no other test uses; remember it to drop it after. */
export function randomSchema(): string {
  return `vega_test_${randomBytes(6).toString('hex')}`;
}

/** Drops the schemas the tests made. */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}
