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

import { sqliteStore as oldStore } from './g3-old-store.tmp.ts';
const document = parseWorkflow(WORKFLOW, join(tmpdir(), 'interpreter.vega.yaml'), { env: {} });
const stores = { old: await oldStore(':memory:'), new: await sqliteStore(':memory:') };
const text = '.'.repeat(10000);
const rates: Record<string, number[]> = { old: [], new: [] };
for (let i = 0; i < Number(process.env.N ?? 4); i++) {
  for (const name of ['old', 'new'] as const) {
    const t = performance.now(); const c = process.cpuUsage();
    const steps = await runDurable(document, stores[name], text);
    const cu = process.cpuUsage(c);
    if (i > 0) rates[name]!.push(steps / ((cu.user + cu.system) / 1e6));
    console.log(name, Math.round(steps / ((performance.now() - t) / 1000)), 'steps/s wall;', Math.round(steps / ((cu.user + cu.system) / 1e6)), 'steps/s cpu');
  }
}
const med = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log('median cpu rate old', Math.round(med(rates.old!)), 'new', Math.round(med(rates.new!)));
