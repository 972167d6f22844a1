import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './cli/run-cli.ts';

// Every example workflow in examples/, run offline through the CLI on its scripted replies. Examples
// that write files run from a temporary copy of examples/, so the repository is never written to.

const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
const EXAMPLES = join(REPOSITORY_ROOT, 'examples');

const copies: string[] = [];
afterEach(async () => {
  await Promise.all(copies.splice(0).map((path) => rm(path, { recursive: true, force: true })));
});

/** A temporary copy of examples/ (removed after the test); the returned folder holds `examples/`. */
async function copyOfExamples(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'vega-examples-'));
  copies.push(root);
  await cp(EXAMPLES, join(root, 'examples'), { recursive: true });
  return root;
}

/** `vega run examples/<file> <argv>` from `cwd` (default: the repository), runs kept in memory. */
function runExample(
  file: string,
  argv: readonly string[] = [],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliRun> {
  return runCli(['run', `examples/${file}`, ...argv], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}

/** The step records of a `--output json` run, without their usage, cost and call details. */
function stepsOf(run: CliRun): Record<string, unknown>[] {
  const result = JSON.parse(run.stdout) as { steps: Record<string, unknown>[] };
  return result.steps.map(({ usage, cost, calls, durationMs, ...step }) => step);
}

describe('examples/refine.vega.yaml', () => {
  it('revises until the Critic approves in round 3, with the notes upper-cased and truncated', async () => {
    const run = await runExample('refine.vega.yaml', ['--quiet']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(
      [
        'Sunshine by day, light all night, no cables ever.',
        'approved in round: 3 of at most 4',
        'critic: TOO PLAIN: SAY WHAT  / CLOSER. MENTION THAT / APPROVED',
        '',
      ].join('\n'),
    );
    expect(run.exitCode).toBe(0);
  });

  it('stops at the templated `max` when the Critic has not approved yet', async () => {
    const run = await runExample('refine.vega.yaml', ['--max_rounds', '2', '--output', 'json']);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).output).toBe(
      [
        'Sunshine by day, light all night, no cables ever.',
        'approved in round: never of at most 2',
        'critic: TOO PLAIN: SAY WHAT  / CLOSER. MENTION THAT',
      ].join('\n'),
    );
    expect(stepsOf(run).filter((step) => step.kind === 'repeat')).toEqual([
      { index: 2, kind: 'repeat', iterations: 2 },
    ]);
    expect(stepsOf(run).filter((step) => step.kind === 'if').map((step) => step.branch)).toEqual([
      'then',
      'then',
    ]);
  });

  it('checks the input against its bounds before the first step', async () => {
    const run = await runExample('refine.vega.yaml', ['--max_rounds', '20']);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("input 'max_rounds' of workflow 'refine' must be at most 10, got 20");
  });
});
