import { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import { sqliteStore } from '../src/store/sqlite-store.ts';
const f = '/tmp/g3/schema.db';
const s = await sqliteStore(f); await s.close();
const src = new DatabaseSync(f);
const ddl = (src.prepare("select sql from sqlite_master where sql is not null").all() as {sql:string}[]).map(r => r.sql);
src.close();
function fresh(opts: {noIdx?: boolean, fk?: boolean} = {}) {
  const db = new DatabaseSync(':memory:', { enableForeignKeyConstraints: opts.fk ?? true });
  db.exec('PRAGMA journal_mode = WAL'); db.exec('PRAGMA synchronous = NORMAL');
  for (const d of ddl) if (!(opts.noIdx && /INDEX "events_/.test(d))) db.exec(d);
  db.prepare("insert into runs (id, kind, name, status, created_at, updated_at) values (?, 'w', 'n', 'running', 0, 0)").run(RUN);
  return db;
}
const RUN = crypto.randomUUID();
const N = 60000;
const payload = JSON.stringify({"index":0,"key":"step-1/for/2/1/then/0","durationMs":0,"kind":"set","names":["even"]});
function time(name: string, fn: (i: number) => void) {
  const t = performance.now(); for (let i = 0; i < N; i++) fn(i); const us = (performance.now() - t) * 1000 / N; console.log(name.padEnd(50), us.toFixed(2), 'µs');
}
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload)
    SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM events WHERE run_id = ?1 RETURNING seq`);
  time('current (max subquery + returning), autocommit', (i) => st.all(RUN, 'step-started', Date.now(), null, null, payload)); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  time('explicit seq, autocommit', (i) => st.run(RUN, i + 1, 'step-started', Date.now(), null, null, payload)); }
{ const db = fresh({noIdx: true}); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  time('explicit seq, no indexes, autocommit', (i) => st.run(RUN, i + 1, 'step-started', Date.now(), null, null, payload)); }
{ const db = fresh({fk: false}); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  time('explicit seq, no fk, autocommit', (i) => st.run(RUN, i + 1, 'step-started', Date.now(), null, null, payload)); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload)
    SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM events WHERE run_id = ?1 RETURNING seq`);
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT');
  time('current, batches of 64', (i) => { if (i % 64 === 0) b.run(); st.all(RUN, 'step-started', Date.now(), null, null, payload); if (i % 64 === 63) c.run(); }); if (db.isTransaction) c.run(); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT');
  time('explicit, batches of 64', (i) => { if (i % 64 === 0) b.run(); st.run(RUN, i+1, 'step-started', Date.now(), null, null, payload); if (i % 64 === 63) c.run(); }); if (db.isTransaction) c.run(); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
  VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ?1), ?3, 'completed', ?4, ?5, ?6, ?7, ?8)
  ON CONFLICT (run_id, key) DO UPDATE SET
    status = 'completed', idempotent = excluded.idempotent, request = excluded.request,
    result = excluded.result, error = NULL, started_at = excluded.started_at, ended_at = excluded.ended_at
  WHERE journal.status <> 'completed'`);
  time('journal recordEffect, autocommit', (i) => st.run(RUN, `step-1/for/${i}/1/then/0`, 'step', 1, null, '{"even":"."}', Date.now(), Date.now())); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
  VALUES (?1, ?2, ?9, ?3, 'completed', ?4, ?5, ?6, ?7, ?8)`);
  time('journal plain insert explicit seq', (i) => st.run(RUN, `step-1/for/${i}/1/then/0`, 'step', 1, null, '{"even":"."}', Date.now(), Date.now(), i+1)); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload)
    SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, ?6 FROM events WHERE run_id = ?1`);
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT');
  time('max no returning, batches of 64', (i) => { if (i % 64 === 0) b.run(); st.run(RUN, 'step-started', Date.now(), null, null, payload); if (i % 64 === 63) c.run(); }); if (db.isTransaction) c.run(); }
{ const db = fresh(); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  const mx = db.prepare('SELECT coalesce(max(seq), 0) AS seq FROM events WHERE run_id = ?');
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT'); let base = 0;
  time('explicit + max per batch, batches of 64', (i) => { if (i % 64 === 0) { b.run(); base = (mx.get(RUN) as {seq:number}).seq; } st.run(RUN, base + 1 + (i%64), 'step-started', Date.now(), null, null, payload); if (i % 64 === 63) c.run(); }); if (db.isTransaction) c.run(); }
for (const R of [8, 16, 32]) { const db = fresh();
  const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES ` + Array.from({length: R}, () => '(?, ?, ?, ?, ?, ?, ?)').join(', '));
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT');
  const t = performance.now();
  for (let i = 0; i < N; i += 64) { b.run(); for (let k = 0; k < 64; k += R) { const args: unknown[] = []; for (let r = 0; r < R; r++) args.push(RUN, i + k + r + 1, 'step-started', Date.now(), null, null, payload); st.run(...(args as [])); } c.run(); }
  console.log(`multi-row ${R}, batches of 64`.padEnd(50), ((performance.now() - t) * 1000 / N).toFixed(2), 'µs'); }
{ const db = fresh(); const st = db.prepare('SELECT 1');  time('SELECT 1 get', () => st.get()); }
{ const db = fresh({noIdx: true}); const st = db.prepare(`INSERT INTO events (run_id, seq, type, at, process_id, span_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`);
  const b = db.prepare('BEGIN IMMEDIATE'), c = db.prepare('COMMIT');
  time('explicit, no idx, batches of 64', (i) => { if (i % 64 === 0) b.run(); st.run(RUN, i+1, 'step-started', Date.now(), null, null, payload); if (i % 64 === 63) c.run(); }); if (db.isTransaction) c.run(); }
