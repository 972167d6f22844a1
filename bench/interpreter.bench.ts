import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CliIo } from '../src/cli/cli-io.ts';
import { workflowExecution } from '../src/cli/workflow-run.ts';
import { createRuntime } from '../src/create-runtime.ts';
import type { Store } from '../src/spec/store.ts';
import { sqliteStore } from '../src/store/sqlite-store.ts';
import type { WorkflowDocument } from '../src/workflow/document/workflow-document.ts';
import { parseWorkflow } from '../src/workflow/load/parse-workflow.ts';
import { runWorkflow } from '../src/workflow/run/run-workflow.ts';
import { printTargets, type TargetMeasurement } from './harness.ts';

/** The targets, in executed steps per second. */
const TARGET_IN_MEMORY_JOURNAL = 50_000;
const TARGET_SQLITE_FILE = 10_000;

/**
 * The measured workflow: a `set`, then a `for` over `items` whose block has a `set` and an `if` whose
 * branches each hold one `set` — three steps per item, all of them counted (nested ones included).
 */
const WORKFLOW = `name: Interpreter benchmark
settings:
  default_model: scripted:echo
agents:
  Clerk: { system: Never called; the benchmark measures the interpreter. }
workflows:
  loop:
    inputs:
      text: { type: string, description: One character per iteration }
    steps:
      - set: { total: 0, items: "{{ text | chars }}" }
      - for: item in items
        steps:
          - set: { total: "{{ total + 1 }}" }
          - if: "loop.index % 2 == 0"
            then:
              - set: { even: "{{ item }}" }
            else:
              - set: { odd: "{{ loop.index }}" }
    output: "{{ total }}"
`;

/** Steps a run of `items` iterations executes: the first `set`, the `for`, and three per iteration. */
const stepsFor = (items: number) => 2 + 3 * items;

const quietIo = (cwd: string): CliIo => ({
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  cwd,
  color: false,
});

const neverCalled = async (): Promise<never> => {
  throw new Error('the interpreter benchmark calls no agent');
};

/** One run without a journal: the interpreter alone. Returns the executed steps. */
async function runBare(document: WorkflowDocument, text: string): Promise<number> {
  const result = await runWorkflow(document, { inputs: { text }, invokeAgent: neverCalled });
  if (result.output !== text.length) throw new Error(`the run counted ${String(result.output)}`);
  return result.steps.length;
}

/**
 * One durable run as `vega run` makes it: a run record, then the workflow executed with its journal
 * (every step checkpointed) and its event log (`step-started`/`step-completed`) on `store`.
 */
async function runDurable(document: WorkflowDocument, store: Store, text: string): Promise<number> {
  const runtime = createRuntime({ store, cwd: document.directory });
  try {
    const runs = await runtime.durableRuns();
    const source = { file: document.file, workflow: 'loop' };
    const run = await runs.create({ kind: 'workflow', name: 'loop', input: { text }, source });
    const execution = workflowExecution(runtime, {
      document,
      source,
      store,
      io: quietIo(document.directory),
      quiet: true,
      output: 'text',
    });
    await runs.execute(run, execution.body);
    const result = execution.result();
    if (result?.output !== text.length) throw new Error(`the run counted ${String(result?.output)}`);
    return result.steps.length;
  } finally {
    await runtime.close();
  }
}

/** The median of a list of figures (sorts it). */
const median = (figures: number[]): number => figures.sort((a, b) => a - b)[Math.floor(figures.length / 2)]!;

/**
 * The median steps per second of `samples` runs after one warm-up run, by the wall clock (`rate`, held
 * against the targets) and per second of the process's CPU time (`cpuRate`: user + system, which other
 * work on the machine skews less).
 */
async function stepsPerSecond(
  samples: number,
  run: () => Promise<number>,
): Promise<{ rate: number; cpuRate: number; steps: number }> {
  await run();
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let steps = 0;
  for (let sample = 0; sample < samples; sample += 1) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    steps = await run();
    const { user, system } = process.cpuUsage(cpu);
    rates.push(steps / ((performance.now() - started) / 1_000));
    cpuRates.push(steps / ((user + system) / 1_000_000));
  }
  return { rate: median(rates), cpuRate: median(cpuRates), steps };
}

export interface InterpreterBenchOptions {
  /** 1,000 items and one sample per measurement instead of 10,000 items and three: a smoke test. */
  readonly quick?: boolean;
}

/**
 * Interpreter throughput in executed steps per second (nested steps counted) on a `for` over 10,000
 * items whose block has a `set` and an `if` with a `set` in each branch: (a) without a journal, (b) as a
 * durable run on an in-memory SQLite store, (c) as a durable run on an SQLite file. Targets: ≥ 50,000
 * steps/s with the journal in memory, ≥ 10,000 on SQLite. Misses are printed, not thrown.
 *
 * @example
 * const rows = await interpreterBench({ quick: true });
 */
export async function interpreterBench(options: InterpreterBenchOptions = {}): Promise<TargetMeasurement[]> {
  const quick = options.quick ?? false;
  const items = quick ? 1_000 : 10_000;
  const samples = quick ? 1 : 3;
  const text = '.'.repeat(items);
  const folder = mkdtempSync(join(tmpdir(), 'vega-interpreter-bench-'));
  console.log(
    `\nInterpreter: a for over ${items.toLocaleString('en-US')} items (set + if + set per item, ` +
      `${stepsFor(items).toLocaleString('en-US')} steps a run), median of ${samples} run(s) after a warm-up` +
      `${quick ? ' — QUICK RUN' : ''}; load average ${loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}`,
  );
  const rows: TargetMeasurement[] = [];
  const cpuRates: string[] = [];
  const measure = async (
    name: string,
    target: number | undefined,
    run: () => Promise<number>,
  ): Promise<void> => {
    try {
      const { rate, cpuRate, steps } = await stepsPerSecond(samples, run);
      cpuRates.push(`${name.split(' ')[0]} ${Math.round(cpuRate).toLocaleString('en-US')}`);
      if (steps !== stepsFor(items))
        throw new Error(`a run executed ${steps} steps, expected ${stepsFor(items)}`);
      rows.push({
        name,
        count: steps,
        value: rate,
        unit: 'steps/s',
        target: target === undefined ? undefined : { bound: 'at-least', value: target },
      });
    } catch (error) {
      rows.push({
        name,
        count: 0,
        value: 0,
        unit: 'steps/s',
        target: target === undefined ? undefined : { bound: 'at-least', value: target },
        error: (error as Error).message,
      });
    }
  };
  try {
    const document = parseWorkflow(WORKFLOW, join(folder, 'interpreter.vega.yaml'), { env: {} });
    await measure('(a) no journal', undefined, () => runBare(document, text));
    const memory = await sqliteStore(':memory:');
    try {
      await measure('(b) journal on :memory: SQLite', TARGET_IN_MEMORY_JOURNAL, () =>
        runDurable(document, memory, text),
      );
    } finally {
      await memory.close();
    }
    const file = await sqliteStore(join(folder, 'vega.db'));
    try {
      await measure('(c) journal on an SQLite file', TARGET_SQLITE_FILE, () =>
        runDurable(document, file, text),
      );
    } finally {
      await file.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  printTargets('Interpreter throughput (executed steps per second, nested steps counted)', rows);
  console.log(
    `  per second of the process's CPU time (all threads, user + system; less skewed by other work on the machine): ${cpuRates.join(', ')}`,
  );
  return rows;
}
