import { sqliteStore } from '../src/store/sqlite-store.ts';
import { sqliteStore as oldStore } from './g3-old-store.tmp.ts';
for (const [name, open] of [['old', oldStore], ['new', sqliteStore], ['old', oldStore], ['new', sqliteStore]] as const) {
  const store = await open(process.env.DB ? process.env.DB + name + Math.random() : ':memory:');
  const runId = crypto.randomUUID();
  await store.createRun({ id: runId, kind: 'workflow', name: 'x', input: {}, createdAt: 0 });
  const N = 20000;
  const ev = { type: 'step-started', at: Date.now(), payload: { index: 0, key: `step-1/for/1/1/then/0`, kind: 'set' } };
  let c = process.cpuUsage();
  for (let i = 0; i < N; i++) await store.appendEvents(runId, [ev]);
  let u = process.cpuUsage(c);
  const single = (u.user + u.system) / N;
  c = process.cpuUsage();
  for (let i = 0; i < N; i++) { await store.startEffect({ runId, key: `k${i}`, kind: 'tool-call', idempotent: true, startedAt: Date.now() }, ev); await store.completeEffect(runId, `k${i}`, { ok: 1 }, Date.now(), ev); }
  u = process.cpuUsage(c);
  console.log(name, 'single event', single.toFixed(2), 'µs; start+complete with events', ((u.user + u.system) / N).toFixed(2), 'µs');
  await store.close();
}
