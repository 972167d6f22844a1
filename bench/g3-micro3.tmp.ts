import { performance } from 'node:perf_hooks';
import { sqliteStore } from '../src/store/sqlite-store.ts';
import { sqliteStore as oldStore } from './g3-old-store.tmp.ts';
for (const [name, open] of [['old', oldStore], ['new', sqliteStore], ['old', oldStore], ['new', sqliteStore]] as const) {
  const store = await open(':memory:');
  const runId = crypto.randomUUID();
  await store.createRun({ id: runId, kind: 'workflow', name: 'x', input: {}, createdAt: 0 });
  const N = 60000;
  const events = Array.from({ length: 512 }, (_, i) => ({ type: i % 2 ? 'step-completed' : 'step-started', at: Date.now(), payload: { index: 0, key: `step-1/for/${i}/1/then/0`, durationMs: 0, kind: 'set', names: ['even'] } }));
  let c = process.cpuUsage();
  for (let i = 0; i < N; i += 512) await store.appendEvents(runId, events);
  let u = process.cpuUsage(c);
  const ev = (u.user + u.system) / N;
  c = process.cpuUsage();
  for (let i = 0; i < 30000; i++) await store.recordEffect({ runId, key: `step-1/for/${i}/1/then/0`, kind: 'step', idempotent: true, startedAt: Date.now() }, { even: '.' }, Date.now());
  u = process.cpuUsage(c);
  console.log(name, 'event', ev.toFixed(2), 'µs; checkpoint', ((u.user + u.system) / 30000).toFixed(2), 'µs');
  await store.close();
}
