/**
 * Heap and scale measurements of the process runtime, each run in a fresh Node started by
 * `process.bench.ts` with `--expose-gc` (and a raised heap limit for the million): a forced GC before
 * and after is the only way to see what idle processes retain. Prints one JSON line.
 *
 * Usage: node --expose-gc bench/process-probe.ts <probe> <count>
 */
import type { ProcessBody, Server } from '../src/runtime/process/behaviour.ts';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process/process-runtime.ts';
import { supervisor } from '../src/runtime/supervisor/supervisor.ts';
import { startSupervisor, whichChildren } from '../src/runtime/supervisor/supervisor-calls.ts';

export type ProbeName = 'idle-server' | 'idle-body' | 'million' | 'supervised-flat' | 'supervised-tree';

export interface ProbeResult {
  readonly probe: ProbeName;
  readonly count: number;
  /** Processes alive once all had started, per `runtime.stats()`. */
  readonly alive: number;
  /** Heap retained per idle process after a forced GC, bytes. */
  readonly heapBytesPerProcess: number;
  /** Retained heap of all of them, bytes. */
  readonly heapBytes: number;
  /** From the first spawn until every process has run its start (init or body), ms. */
  readonly startMs: number;
  /** `runtime.shutdown()`, ms. */
  readonly shutdownMs: number;
  /** Processes left after shutdown (0 unless something leaked). */
  readonly leftAfterShutdown: number;
  /** Supervised probes: how the top supervisor ended (`shutdown`, or `killed` if it overran its stop timeout). */
  readonly supervisorExit?: string;
  /** Supervised probes: one `whichChildren` call on the top supervisor, ms. */
  readonly whichChildrenMs?: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('process-probe needs --expose-gc');

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function settledHeap(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

/** Flushes until `started()` reaches `count`; a runtime that never starts them all is a crash, not a miss. */
async function waitForStarts(started: () => number, count: number): Promise<void> {
  for (let turn = 0; started() < count; turn += 1) {
    if (turn === 1_000) throw new Error(`only ${started()} of ${count} processes started`);
    await nextTurn();
  }
}

async function shutDown(runtime: ProcessRuntime): Promise<{ shutdownMs: number; leftAfterShutdown: number }> {
  const start = performance.now();
  await runtime.shutdown();
  return { shutdownMs: performance.now() - start, leftAfterShutdown: runtime.stats().processes };
}

let started = 0;
/** An idle counter: the smallest useful server, with state. */
const counterServer: Server<{ count: number }, number> = {
  init: () => {
    started += 1;
    return { count: 0 };
  },
  handle: (state) => {
    state.count += 1;
  },
};
const receivingBody: ProcessBody<number> = async (self) => {
  started += 1;
  for (;;) await self.receive();
};

async function idleProcesses(probe: ProbeName, count: number): Promise<ProbeResult> {
  const behaviour = probe === 'idle-body' ? receivingBody : counterServer;
  // Warm the spawn and start paths so the heap figure holds no code or feedback vectors.
  const warmup = createProcessRuntime();
  for (let index = 0; index < 1_000; index += 1) warmup.spawn(behaviour);
  await waitForStarts(() => started, 1_000);
  await warmup.shutdown();
  started = 0;

  const runtime = createProcessRuntime();

  const before = settledHeap();
  const start = performance.now();
  for (let index = 0; index < count; index += 1) runtime.spawn(behaviour);
  await waitForStarts(() => started, count);
  const startMs = performance.now() - start;
  const alive = runtime.stats().processes;
  const heapBytes = settledHeap() - before;
  return {
    probe,
    count,
    alive,
    heapBytes,
    heapBytesPerProcess: heapBytes / count,
    startMs,
    ...(await shutDown(runtime)),
  };
}

async function supervised(probe: ProbeName, count: number): Promise<ProbeResult> {
  const runtime = createProcessRuntime();
  const workers = (prefix: string, size: number) =>
    Array.from({ length: size }, (_, index) => ({ id: `${prefix}${index}`, start: counterServer }));
  const groups = 100;
  const children =
    probe === 'supervised-flat'
      ? workers('worker-', count)
      : Array.from({ length: groups }, (_, group) => ({
          id: `group-${group}`,
          start: supervisor({ children: workers(`worker-${group}-`, count / groups) }),
        }));
  const supervisors = probe === 'supervised-flat' ? 1 : 1 + groups;

  const before = settledHeap();
  const start = performance.now();
  const root = startSupervisor(runtime, { children });
  await waitForStarts(() => started, count);
  const startMs = performance.now() - start;
  const alive = runtime.stats().processes;
  const heapBytes = settledHeap() - before;
  if (alive !== count + supervisors)
    throw new Error(`expected ${count + supervisors} processes, found ${alive}`);

  const callStart = performance.now();
  const listed = await whichChildren(runtime, root, { timeoutMs: 60_000 });
  const whichChildrenMs = performance.now() - callStart;
  if (listed.length !== children.length || listed.some((child) => child.pid === undefined)) {
    throw new Error('whichChildren lists a child that is not running');
  }

  const stopped = await shutDown(runtime);
  const exit = root.exitReason;
  return {
    probe,
    count,
    alive,
    heapBytes,
    heapBytesPerProcess: heapBytes / alive,
    startMs,
    ...stopped,
    supervisorExit: exit === undefined ? 'alive' : typeof exit === 'string' ? exit : `error: ${exit.message}`,
    whichChildrenMs,
  };
}

const [probe, countText] = process.argv.slice(2) as [ProbeName | undefined, string | undefined];
const count = Number(countText);
if (probe === undefined || !Number.isInteger(count) || count < 1) {
  throw new Error('usage: node --expose-gc bench/process-probe.ts <probe> <count>');
}
const result =
  probe === 'supervised-flat' || probe === 'supervised-tree'
    ? await supervised(probe, count)
    : await idleProcesses(probe, count);
console.log(JSON.stringify(result));
