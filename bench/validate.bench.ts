import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTargets, type TargetMeasurement } from './harness.ts';

const VEGA_BIN = fileURLToPath(new URL('../bin/vega.js', import.meta.url));
/** The target: `vega validate` on a ~400-line file, process start included. */
const TARGET_MS = 300;
const RUNS = 10;

/**
 * A valid workflow file of about `lines` lines: many agents, and workflows of agent steps and `set`
 * steps with templates, every agent used and every saved variable read.
 *
 * @example
 * writeFileSync('big.vega.yaml', largeWorkflowFile(400));
 */
export function largeWorkflowFile(lines: number): string {
  const agents = 20;
  const out = ['name: Validate benchmark', 'settings:', '  default_model: claude-sonnet-4-5', 'agents:'];
  for (let agent = 0; agent < agents; agent += 1) {
    out.push(
      `  Agent${agent}:`,
      `    system: You are agent number ${agent}; answer briefly.`,
      '    temperature: 0.2',
    );
  }
  out.push('workflows:');
  let workflow = 0;
  while (out.length < lines - 12) {
    out.push(`  flow${workflow}:`, `    description: Workflow ${workflow}`, '    inputs:');
    out.push('      task: { type: string, default: a parser }', '    steps:');
    out.push('      - set: { notes: "start {{task}}" }');
    for (let step = 0; step < 10; step += 1) {
      const agent = (workflow * 10 + step) % agents;
      const previous = step === 0 ? 'notes' : `result${step - 1}`;
      out.push(`      - Agent${agent} works on step ${step}:`);
      out.push(
        `          send: "Step ${step} of {{task}}, after: {{${previous}}}"`,
        `          save: result${step}`,
      );
      if (step % 3 === 2) out.push(`      - set: { summary${step}: "{{result${step}}}" }`);
      if (step % 3 === 2) out.push(`      - Agent${(agent + 1) % agents}: "Check {{summary${step}}}"`);
    }
    out.push('    output: "{{result9}}"');
    workflow += 1;
  }
  return `${out.join('\n')}\n`;
}

/**
 * Times `vega validate FILE` as a user runs it: a new Node process each time (start-up, module loading
 * and the check included) on a generated ~400-line file; 10 runs after one warm-up (which fills the
 * compile cache), median and max against the target of 300 ms. Prints the figures; never fails.
 *
 * @example
 * await validateBench();
 */
export async function validateBench(): Promise<TargetMeasurement[]> {
  const folder = mkdtempSync(join(tmpdir(), 'vega-validate-bench-'));
  try {
    const file = join(folder, 'big.vega.yaml');
    const text = largeWorkflowFile(400);
    writeFileSync(file, text);
    const validate = () => {
      const started = performance.now();
      const child = spawnSync(process.execPath, [VEGA_BIN, 'validate', file], {
        env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
        encoding: 'utf8',
      });
      const elapsed = performance.now() - started;
      if (child.status !== 0) throw new Error(`vega validate exited ${child.status}: ${child.stderr}`);
      return { elapsed, stdout: child.stdout.trim() };
    };
    const warmup = validate();
    const times: number[] = [];
    for (let run = 0; run < RUNS; run += 1) times.push(validate().elapsed);
    times.sort((a, b) => a - b);
    console.log(`\nvega validate: ${text.split('\n').length - 1} lines — ${warmup.stdout}`);
    const rows: TargetMeasurement[] = [
      {
        name: 'validate, median (process start included)',
        count: RUNS,
        value: (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2,
        unit: 'ms',
        target: { bound: 'at-most', value: TARGET_MS },
      },
      { name: 'validate, max', count: RUNS, value: times.at(-1)!, unit: 'ms', target: undefined },
    ];
    printTargets(`vega validate end to end (target: under ${TARGET_MS} ms)`, rows);
    return rows;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
