export type {
  EffectStart,
  EffectStatus,
  EventFilter,
  JournalEntry,
  MemoryScope,
  NewEvent,
  NewRun,
  RunFilter,
  RunRecord,
  RunStatus,
  RunUpdate,
  SpanFilter,
  SpanStatusCode,
  Store,
  StoredError,
  StoredEvent,
  StoredSpan,
  StoredSpanEvent,
} from '../spec/store.ts';
export { type Migration, migrations, type StoreDialect } from './migrations.ts';
export { isPostgresUrl, type OpenStoreOptions, openStore } from './open-store.ts';
export type { PostgresStoreOptions } from './postgres-store.ts';
export { sqliteStore } from './sqlite-store.ts';
export { StoreError, type StoreErrorCode, type StoreErrorOptions } from './store-error.ts';
