import { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
const src = new DatabaseSync('/tmp/g3/schema.db');
const ddl = (src.prepare("select sql from sqlite_master where sql is not null").all() as {sql:string}[]).map(r => r.sql);
src.close();
const db = new DatabaseSync(':memory:');
for (const d of ddl) db.exec(d);
const RUN = crypto.randomUUID();
db.prepare("insert into runs (id, kind, name, status, created_at, updated_at) values (?, 'w', 'n', 'running', 0, 0)").run(RUN);
const ins = db.prepare(`INSERT INTO events (run_id, seq, type, at, payload) VALUES (?, ?, 'x', 0, '{}')`);
const insj = db.prepare(`INSERT INTO journal (run_id, key, seq, kind, status, idempotent, started_at) VALUES (?, ?, ?, 'step', 'completed', 1, 0)`);
db.exec('BEGIN'); for (let i = 1; i <= 100000; i++) { ins.run(RUN, i); insj.run(RUN, 'k' + i, i); } db.exec('COMMIT');
for (const q of ['SELECT coalesce(max(seq), 0) AS seq FROM events WHERE run_id = ?', 'SELECT max(seq) AS seq FROM events WHERE run_id = ?',
  'SELECT seq FROM events WHERE run_id = ? ORDER BY seq DESC LIMIT 1', 'SELECT coalesce(max(seq), 0) + 1 AS seq FROM journal WHERE run_id = ?', 'SELECT max(seq) AS seq FROM journal WHERE run_id = ?', 'SELECT seq FROM journal WHERE run_id = ? ORDER BY seq DESC LIMIT 1']) {
  const st = db.prepare(q);
  const plan = db.prepare('EXPLAIN QUERY PLAN ' + q).all(RUN).map((r: any) => r.detail).join(' | ');
  const t = performance.now(); for (let i = 0; i < 200; i++) st.get(RUN); console.log(((performance.now() - t) * 1000 / 200).toFixed(1).padStart(8), 'µs', q, '::', plan, st.get(RUN));
}
