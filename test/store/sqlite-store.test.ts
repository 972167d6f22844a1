import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/open-sqlite-database.ts';
import { openStore } from '../../src/store/open-store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { expectStoreError } from './contract/contract-support.ts';
import { runChild } from './run-child.ts';
import { storeContract } from './store-contract.ts';

const directory = mkdtempSync(join(tmpdir(), 'vega-sqlite-store-'));
let files = 0;
const freshPath = (): string => join(directory, `store-${++files}.db`);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

storeContract('SQLite file', () => sqliteStore(freshPath()));
storeContract('SQLite :memory:', () => sqliteStore(':memory:'));

describe('SQLite store', () => {
  it('opens in WAL mode with synchronous=NORMAL, a busy timeout and foreign keys on', () => {
    const { database } = openSqliteDatabase(freshPath());
    try {
      expect(database.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
      expect(database.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 1 });
      expect(database.prepare('PRAGMA busy_timeout').get()).toEqual({ timeout: 5000 });
      expect(database.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    } finally {
      database.close();
    }
  });

  it('leaves the file in WAL mode for every other connection', async () => {
    const path = freshPath();
    await (await sqliteStore(path)).close();
    const other = new DatabaseSync(path);
    expect(other.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    other.close();
  });

  it('creates missing folders and reports where it is', async () => {
    const path = join(directory, 'nested', 'deeper', 'vega.db');
    const store = await sqliteStore(path);
    expect(store).toMatchObject({ dialect: 'sqlite', location: path });
    await store.close();
  });

  it('lets a second handle on the same file see writes and append after them', async () => {
    const path = freshPath();
    const first = await sqliteStore(path);
    const second = await sqliteStore(path);
    try {
      await first.createRun({ id: 'shared', kind: 'function', name: 'n', input: { a: 1 }, createdAt: 1 });
      expect((await second.getRun('shared'))?.input).toEqual({ a: 1 });
      const seqs = await Promise.all([
        first.appendEvents('shared', [{ type: 'x', at: 1, payload: 1 }]),
        second.appendEvents('shared', [
          { type: 'x', at: 1, payload: 2 },
          { type: 'x', at: 1, payload: 3 },
        ]),
        first.appendEvents('shared', [{ type: 'x', at: 1, payload: 4 }]),
      ]);
      expect(seqs.flat().sort()).toEqual([1, 2, 3, 4]);
      await second.startEffect({ runId: 'shared', key: 'k', kind: 'now', idempotent: true, startedAt: 1 });
      await first.completeEffect('shared', 'k', 5, 2);
      expect(await second.listJournal('shared')).toMatchObject([
        { key: 'k', status: 'completed', result: 5 },
      ]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('keeps every resolved write of a process killed with SIGKILL', async () => {
    const path = freshPath();
    const exit = await runChild('write-then-die.ts', [path, 'doomed']);
    expect(exit.stderr).toBe('');
    expect(exit.signal).toBe('SIGKILL');
    const store = await sqliteStore(path);
    try {
      expect(await store.getRun('doomed')).toMatchObject({ status: 'running', input: { n: 1 } });
      expect((await store.listEvents({ runId: 'doomed' })).map((event) => [event.seq, event.type])).toEqual([
        [1, 'run-started'],
        [2, 'step-started'],
        [3, 'step-ended'],
      ]);
      expect(await store.listJournal('doomed')).toMatchObject([
        { key: 'step:a', seq: 1, status: 'completed', result: { ok: true } },
        { key: 'step:b', seq: 2, status: 'started' },
      ]);
      expect(await store.spentOf('daily:test')).toBe(1234);
      expect(await store.getMemory({ kind: 'run', id: 'doomed' }, 'note')).toBe('kept');
    } finally {
      await store.close();
    }
  });

  it('keeps the WAL file bounded: appends let SQLite checkpoint', async () => {
    const path = freshPath();
    const store = await sqliteStore(path);
    try {
      await store.createRun({ id: 'busy', kind: 'function', name: 'n', input: {}, createdAt: 1 });
      for (let index = 0; index < 12_000; index++) {
        await store.appendEvents('busy', [
          { type: 'tick', at: index, payload: { index, pad: 'x'.repeat(200) } },
        ]);
      }
      // The automatic checkpoint restarts the WAL at about 10,000 pages (40 MB); unchecked, it passes 120 MB.
      expect(statSync(`${path}-wal`).size).toBeLessThan(60 * 1024 * 1024);
    } finally {
      await store.close();
    }
  });

  it('refuses a database migrated by a newer Vega', async () => {
    const path = freshPath();
    await (await sqliteStore(path)).close();
    const raw = new DatabaseSync(path);
    raw
      .prepare('INSERT INTO vega_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(999, 'future', 1);
    raw.close();
    const error = await expectStoreError(sqliteStore(path), 'store_too_new');
    expect(error.message).toContain('999');
    expect(error.hint).toMatch(/upgrade/i);
  });

  it('explains a path that is a directory', async () => {
    const path = join(directory, 'a-directory');
    mkdirSync(path);
    const error = await expectStoreError(sqliteStore(path), 'store_unavailable');
    expect(error.message).toContain('is a directory');
    expect(error.hint).toBeDefined();
  });

  it('explains a file that is not a database', async () => {
    const path = join(directory, 'notes.txt');
    writeFileSync(path, 'these are not the pages you are looking for '.repeat(100));
    const error = await expectStoreError(sqliteStore(path), 'store_unavailable');
    expect(error.message).toContain('not an SQLite database');
  });

  it('explains a folder that cannot be created', async () => {
    const file = join(directory, 'plain-file');
    writeFileSync(file, '');
    await expectStoreError(sqliteStore(join(file, 'vega.db')), 'store_unavailable');
  });

  describe('openStore', () => {
    it('opens SQLite for a path and for :memory:', async () => {
      const path = freshPath();
      const onDisk = await openStore(path);
      const inMemory = await openStore(':memory:');
      expect([onDisk.dialect, onDisk.location]).toEqual(['sqlite', path]);
      expect([inMemory.dialect, inMemory.location]).toEqual(['sqlite', ':memory:']);
      await onDisk.close();
      await inMemory.close();
    });

    it('defaults to .vega/vega.db in the working directory', async () => {
      const cwd = process.cwd();
      const workdir = mkdtempSync(join(directory, 'cwd-'));
      process.chdir(workdir);
      try {
        const store = await openStore();
        expect(store.location).toBe(join(workdir, '.vega', 'vega.db'));
        await store.close();
      } finally {
        process.chdir(cwd);
      }
    });
  });
});
