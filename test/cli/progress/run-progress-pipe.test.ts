import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../../src/testing/index.ts';
import { fixtureEnvironment } from '../../integration/trip-scenario.ts';
import { temporaryFolder } from '../run-cli.ts';
import { PROGRESS_WORKFLOW, progressReply, REPOSITORY, runProcess } from './progress-workflow.ts';

let server: FixtureServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  server = await startFixtureServer({ handler: progressReply });
  folder = await temporaryFolder({ 'progress.vega.yaml': PROGRESS_WORKFLOW });
});

afterAll(async () => {
  await server.close();
  await folder.cleanup();
});

/** `vega run progress.vega.yaml ARGS` as a child process with piped stdout and stderr. */
function vegaRun(...args: string[]) {
  return runProcess(
    process.execPath,
    [join(REPOSITORY, 'bin/vega.js'), 'run', 'progress.vega.yaml', ...args],
    {
      cwd: folder.path,
      env: { ...fixtureEnvironment(server), PATH: process.env.PATH ?? '', TERM: 'xterm-256color' },
    },
  );
}

describe('vega run on a pipe', () => {
  it('prints a plain line per step start and end, then the summary and the cost tree', async () => {
    const { exitCode, stdout, stderr } = await vegaRun();
    expect(stderr).not.toContain('\u001b');
    expect(exitCode).toBe(0);
    expect(stdout).toBe('the draft / the critique\n');
    const lines = stderr.trimEnd().split('\n');
    const step = String.raw`\d+ ms · 120 tokens · \$0\.0002`;
    // The Writer lists the folder first: two model calls.
    const writer = String.raw`\d+ ms · 240 tokens · \$0\.0004`;
    expect(lines.slice(0, 3)).toEqual([
      '▸ step-0 Planner',
      expect.stringMatching(new RegExp(`^✓ step-0 Planner · ${step}$`)),
      '▸ step-1 parallel',
    ]);
    // The branches run together: their lines may interleave, each start before its end.
    const branches = lines.slice(3, 7);
    for (const agent of ['Writer', 'Critic']) {
      const started = branches.findIndex((line) => line.startsWith('▸ ') && line.endsWith(` ${agent}`));
      const figures = agent === 'Writer' ? writer : step;
      const ended = branches.findIndex((line) =>
        new RegExp(`^✓ step-1/\\S+ ${agent} · ${figures}$`).test(line),
      );
      expect(started).toBeGreaterThanOrEqual(0);
      expect(ended).toBeGreaterThan(started);
    }
    expect(lines[7]).toMatch(/^✓ step-1 parallel · \d+ ms · 360 tokens · \$0\.0006$/);
    expect(lines[8]).toMatch(/^✓ team · 4 steps · 480 tokens/);
    expect(lines[9]).toMatch(/^cost {2}team/);
  });

  it('--quiet prints only the output', async () => {
    expect(await vegaRun('--quiet')).toEqual({
      exitCode: 0,
      stdout: 'the draft / the critique\n',
      stderr: '',
    });
  });

  it('--json prints the JSON report and keeps progress lines out of a pipe', async () => {
    const { exitCode, stdout, stderr } = await vegaRun('--json');
    expect(exitCode).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ workflow: 'team', output: 'the draft / the critique' });
    expect(stderr).not.toMatch(/^[▸✓✗] step-/m);
  });

  it('--progress json writes progress as JSON lines on stderr', async () => {
    const { exitCode, stderr } = await vegaRun('--progress', 'json', '--quiet');
    expect(exitCode).toBe(0);
    const events = stderr
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.filter((event) => event.type === 'step-started').map((event) => event.key)).toEqual([
      'step-0',
      'step-1',
      expect.stringMatching(/^step-1\//),
      expect.stringMatching(/^step-1\//),
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'run-ended', workflow: 'team', status: 'done', tokens: 480 });
  });
});
