import { DatabaseSync } from 'node:sqlite';
const src = new DatabaseSync('/tmp/g3/schema.db');
const ddl = (src.prepare("select sql from sqlite_master where sql is not null").all() as {sql:string}[]).map(r => r.sql);
src.close();
const RUN = crypto.randomUUID();
function fresh() { const db = new DatabaseSync(':memory:', { enableForeignKeyConstraints: true }); db.exec('PRAGMA journal_mode = WAL'); db.exec('PRAGMA synchronous = NORMAL'); db.exec('PRAGMA foreign_keys = ON');
  for (const d of ddl) db.exec(d);
  db.prepare("insert into runs (id, kind, name, status, created_at, updated_at) values (?, 'w', 'n', 'running', 0, 0)").run(RUN); return db; }
const UPSERT = `INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
  VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ?1), ?3, 'completed', ?4, ?5, ?6, ?7, ?8)
  ON CONFLICT (run_id, key) DO UPDATE SET status = 'completed', idempotent = excluded.idempotent, request = excluded.request,
    result = excluded.result, error = NULL, started_at = excluded.started_at, ended_at = excluded.ended_at WHERE journal.status <> 'completed'`;
const PLAIN = `INSERT INTO journal (run_id, key, seq, kind, status, idempotent, request, result, started_at, ended_at)
  VALUES (?1, ?2, (SELECT coalesce(max(seq), 0) + 1 FROM journal WHERE run_id = ?1), ?3, 'completed', ?4, ?5, ?6, ?7, ?8)`;
const N = 30000;
for (let rep = 0; rep < 2; rep++) for (const [name, sql, tx] of [['upsert', UPSERT, false], ['plain', PLAIN, false], ['upsert in one tx', UPSERT, true], ['plain in one tx', PLAIN, true]] as const) {
  const db = fresh(); const st = db.prepare(sql); if (tx) db.exec('BEGIN');
  const c = process.cpuUsage();
  for (let i = 0; i < N; i++) st.run(RUN, `step-1/for/${i}/1/then/0`, 'step', 1, null, '{"even":"."}', Date.now(), Date.now());
  const u = process.cpuUsage(c); if (tx) db.exec('COMMIT');
  console.log(name.padEnd(20), ((u.user + u.system) / N).toFixed(2), 'µs');
}
