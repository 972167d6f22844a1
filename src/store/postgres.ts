/**
 * The PostgreSQL store on its own, for a `vega-agents/postgres` entry point: importing it is what loads
 * `pg`.
 *
 * @example
 * import { postgresStore } from 'vega-agents/postgres';
 * const store = await postgresStore(process.env.DATABASE_URL!);
 */
export { type PostgresStoreOptions, postgresStore } from './postgres-store.ts';
