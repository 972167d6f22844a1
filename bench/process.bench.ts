import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessBody, Server } from '../src/runtime/process/behaviour.ts';
import type { Pid } from '../src/runtime/process/pid.ts';
import { createProcessRuntime, type ProcessRuntime } from '../src/runtime/process/process-runtime.ts';
import { printTargets, type TargetMeasurement, targetMet } from './harness.ts';
import type { ProbeName, ProbeResult } from './process-probe.ts';

/** Under CI the in-process rates use fewer units per sample; the heap and scale probes keep their N. */
const ci = process.env.CI === 'true';
const sizes = {
  spawnsPerSample: ci ? 50_000 : 100_000,
  messagesPerSample: ci ? 500_000 : 1_000_000,
  samples: ci ? 5 : 7,
  idleProcesses: 200_000,
  million: 1_000_000,
  supervised: 100_000,
};
/** Room for a whole burst of `trySend`s before the sender has to yield. */
const MAILBOX_CAPACITY = 65_536;

const atLeast = (value: number) => ({ bound: 'at-least', value }) as const;
const atMost = (value: number) => ({ bound: 'at-most', value }) as const;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `sample` (which returns seconds) once to warm up, then `samples` times; the median wins. */
async function medianSeconds(sample: () => Promise<number>): Promise<number> {
  await sample();
  const seconds: number[] = [];
  for (let index = 0; index < sizes.samples; index += 1) seconds.push(await sample());
  seconds.sort((a, b) => a - b);
  return seconds[Math.floor(seconds.length / 2)]!;
}

/** A lost message would otherwise hang the run: fail it instead. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

// ---------------------------------------------------------------- spawn rate

type Behaviour = 'server' | 'body';

/** A server and a body that count their starts; the server counts messages too. */
function counting(
  onStart: () => void,
  onMessage: () => void,
): { server: Server<{ count: number }, number>; body: ProcessBody<number> } {
  const server: Server<{ count: number }, number> = {
    init: () => {
      onStart();
      return { count: 0 };
    },
    handle: (state) => {
      state.count += 1;
      onMessage();
    },
  };
  const body: ProcessBody<number> = async (self) => {
    onStart();
    for (;;) {
      await self.receive();
      onMessage();
    }
  };
  return { server, body };
}

async function spawnRate(behaviour: Behaviour): Promise<TargetMeasurement> {
  const count = sizes.spawnsPerSample;
  const seconds = await medianSeconds(async () => {
    let started = 0;
    const behaviours = counting(
      () => {
        started += 1;
      },
      () => {},
    );
    const runtime = createProcessRuntime();
    const elapsed = await timed(async () => {
      for (let index = 0; index < count; index += 1) runtime.spawn(behaviours[behaviour]);
      // Spawned processes start from a microtask: this turn boundary lets every one of them run.
      await nextTurn();
    });
    if (started !== count) throw new Error(`${started} of ${count} spawned processes started`);
    await runtime.shutdown();
    return elapsed;
  });
  return {
    name: `spawn + start, ${behaviour === 'server' ? 'Server' : 'async body'}`,
    count,
    value: count / seconds,
    unit: 'processes/s',
    target: atLeast(300_000),
  };
}

// ---------------------------------------------------------------- message throughput

type Sender = 'trySend' | 'await send';

/** Sends `count` numbers; `trySend` fills the mailbox, then yields a turn so the receiver can drain it. */
async function pump(runtime: ProcessRuntime, pid: Pid<number>, count: number, sender: Sender): Promise<void> {
  if (sender === 'await send') {
    for (let index = 0; index < count; index += 1) await runtime.send(pid, index);
    return;
  }
  for (let index = 0; index < count; ) {
    if (runtime.trySend(pid, index)) index += 1;
    else await nextTurn();
  }
}

async function throughput(behaviour: Behaviour, sender: Sender): Promise<TargetMeasurement> {
  const count = sizes.messagesPerSample;
  const seconds = await medianSeconds(async () => {
    let received = 0;
    let allReceived: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      allReceived = resolve;
    });
    const behaviours = counting(
      () => {},
      () => {
        received += 1;
        if (received === count) allReceived();
      },
    );
    const runtime = createProcessRuntime();
    const pid = runtime.spawn<number>(behaviours[behaviour], { mailbox: { capacity: MAILBOX_CAPACITY } });
    await nextTurn();
    // Timed from the first send until the receiver has taken the last message.
    const elapsed = await timed(async () => {
      await within(
        pump(runtime, pid, count, sender).then(() => done),
        60_000,
        `${count} messages to a ${behaviour}`,
      );
    });
    await runtime.shutdown();
    return elapsed;
  });
  return {
    name: `messages one way, ${sender} → ${behaviour === 'server' ? 'Server.handle' : 'await self.receive()'}`,
    count,
    value: count / seconds,
    unit: 'messages/s',
    target: atLeast(3_000_000),
  };
}

// ---------------------------------------------------------------- probes in child processes

const probeFile = fileURLToPath(new URL('./process-probe.ts', import.meta.url));

/** Runs one probe in a fresh Node with a forced-GC hook; rejects on a crash, a timeout or no result. */
function runProbe(probe: ProbeName, count: number, flags: readonly string[] = []): Promise<ProbeResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', ...flags, probeFile, probe, String(count)],
      { timeout: 120_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error !== null) {
          reject(
            new Error(`${probe} probe failed: ${error.message}\n${stderr.slice(-2_000)}`, { cause: error }),
          );
          return;
        }
        const last = stdout.trim().split('\n').at(-1) ?? '';
        try {
          resolve(JSON.parse(last) as ProbeResult);
        } catch (parseError) {
          reject(new Error(`${probe} probe printed no result: ${stdout.slice(-500)}`, { cause: parseError }));
        }
      },
    );
  });
}

const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function crashed(name: string, count: number, unit: string, error: unknown): TargetMeasurement {
  return { name, count, value: Number.NaN, unit, target: undefined, error: describeError(error) };
}

async function idleHeap(behaviour: Behaviour): Promise<TargetMeasurement> {
  const name = `heap per idle process, ${behaviour === 'server' ? 'Server ({ count } state)' : 'async body in receive'}`;
  try {
    const result = await runProbe(behaviour === 'server' ? 'idle-server' : 'idle-body', sizes.idleProcesses);
    if (result.alive !== result.count) throw new Error(`${result.alive} of ${result.count} alive`);
    return { name, count: result.count, value: result.heapBytesPerProcess, unit: 'B', target: atMost(1_024) };
  } catch (error) {
    return crashed(name, sizes.idleProcesses, 'B', error);
  }
}

async function millionIdle(): Promise<{ rows: TargetMeasurement[]; notes: string[] }> {
  const count = sizes.million;
  try {
    const result = await runProbe('million', count, ['--max-old-space-size=4096']);
    return {
      rows: [
        {
          name: 'idle Servers alive at once',
          count,
          value: result.alive,
          unit: 'processes',
          target: atLeast(1_000_000),
        },
        { name: '  spawn + start them all', count, value: result.startMs, unit: 'ms', target: undefined },
        {
          name: '  their retained heap',
          count,
          value: result.heapBytes / 2 ** 20,
          unit: 'MiB',
          target: undefined,
        },
        { name: '  runtime.shutdown()', count, value: result.shutdownMs, unit: 'ms', target: undefined },
      ],
      notes: [
        `1,000,000 idle Servers: stats().processes = ${result.alive.toLocaleString('en-US')}, ${result.leftAfterShutdown} left after shutdown (--max-old-space-size=4096)`,
      ],
    };
  } catch (error) {
    return { rows: [crashed('idle Servers alive at once', count, 'processes', error)], notes: [] };
  }
}

async function supervisedTree(probe: 'supervised-flat' | 'supervised-tree'): Promise<{
  rows: TargetMeasurement[];
  notes: string[];
}> {
  const count = sizes.supervised;
  const shape =
    probe === 'supervised-flat'
      ? `1 supervisor × ${count.toLocaleString('en-US')}`
      : `100 supervisors × ${(count / 100).toLocaleString('en-US')}`;
  try {
    const result = await runProbe(probe, count);
    return {
      rows: [
        {
          name: `supervised (${shape}): spawn → all running`,
          count,
          value: result.startMs,
          unit: 'ms',
          target: undefined,
        },
        {
          name: `supervised (${shape}): runtime.shutdown()`,
          count,
          value: result.shutdownMs,
          unit: 'ms',
          target: undefined,
        },
      ],
      notes: [
        `${shape}: ${result.alive.toLocaleString('en-US')} processes alive, whichChildren ${result.whichChildrenMs?.toFixed(1)} ms, ` +
          `top supervisor exited '${result.supervisorExit}', ${result.leftAfterShutdown} left after shutdown, ` +
          `${result.heapBytesPerProcess.toFixed(0)} B heap per process`,
      ],
    };
  } catch (error) {
    return { rows: [crashed(`supervised (${shape})`, count, 'ms', error)], notes: [] };
  }
}

/**
 * The process runtime against the targets. Rates run in this process (median of samples, each
 * on a fresh runtime); heap and scale run in child processes with `--expose-gc`. A missed target is
 * printed; a crash is printed with the others and then thrown, so the run exits non-zero.
 */
export async function processBench(): Promise<TargetMeasurement[]> {
  const rows: TargetMeasurement[] = [];
  const notes: string[] = [];
  rows.push(await spawnRate('server'), await spawnRate('body'));
  for (const behaviour of ['server', 'body'] as const) {
    for (const sender of ['trySend', 'await send'] as const) rows.push(await throughput(behaviour, sender));
  }
  rows.push(await idleHeap('server'), await idleHeap('body'));
  const million = await millionIdle();
  rows.push(...million.rows);
  notes.push(...million.notes);
  for (const probe of ['supervised-flat', 'supervised-tree'] as const) {
    const tree = await supervisedTree(probe);
    rows.push(...tree.rows);
    notes.push(...tree.notes);
  }

  printTargets(
    `Processes (${ci ? 'CI sizes' : 'full sizes'}; rates: median of ${sizes.samples} samples, mailbox capacity ${MAILBOX_CAPACITY.toLocaleString('en-US')} in the message rows)`,
    rows,
  );
  for (const note of notes) console.log(`  ${note}`);
  const missed = rows.filter((row) => targetMet(row) === false && row.error === undefined);
  if (missed.length > 0) console.log(`  missed: ${missed.map((row) => row.name).join('; ')}`);
  const crashes = rows.filter((row) => row.error !== undefined);
  if (crashes.length > 0) throw new Error(`${crashes.length} process measurement(s) crashed; see above`);
  return rows;
}
