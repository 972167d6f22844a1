import { sqliteStore } from '../src/store/sqlite-store.ts';
import { RunJournal } from '../src/durable/run-journal.ts';
for (let rep = 0; rep < 3; rep++) {
  const store = await sqliteStore(':memory:');
  const runId = crypto.randomUUID();
  await store.createRun({ id: runId, kind: 'workflow', name: 'x', input: {}, createdAt: 0 });
  const N = 30000;
  const journal = new RunJournal({ store, runId, entries: [], mode: 'record', now: Date.now });
  let c = process.cpuUsage();
  for (let i = 0; i < N; i++) await journal.checkpoint(`step-1/for/${i}/1/then/0`, 'step', { even: '.' }, Date.now());
  let u = process.cpuUsage(c);
  const a = (u.user + u.system) / N;
  c = process.cpuUsage();
  for (let i = 0; i < N; i++) await store.recordEffect({ runId, key: `step-2/for/${i}/1/then/0`, kind: 'step', idempotent: true, startedAt: Date.now() }, { even: '.' }, Date.now());
  u = process.cpuUsage(c);
  console.log('journal.checkpoint', a.toFixed(2), 'µs; store.recordEffect', ((u.user + u.system) / N).toFixed(2), 'µs');
  await store.close();
}
