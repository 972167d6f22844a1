import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPINNER } from '../../../src/cli/progress/render-progress.ts';
import { type FixtureReply, type FixtureServer, startFixtureServer } from '../../../src/testing/index.ts';
import { fixtureEnvironment } from '../../integration/trip-scenario.ts';
import { temporaryFolder } from '../run-cli.ts';
import {
  isWriterSecondTurn,
  PROGRESS_WORKFLOW,
  progressReply,
  REPOSITORY,
  runProcess,
} from './progress-workflow.ts';
import { SGR, screenOf } from './virtual-screen.ts';

const PTY_RELAY = fileURLToPath(new URL('./pty-relay.py', import.meta.url));

let server: FixtureServer;
let folder: Awaited<ReturnType<typeof temporaryFolder>>;
/** While set, the Writer's second model request waits until it resolves. */
let holdWriter: Promise<void> | undefined;

beforeAll(async () => {
  server = await startFixtureServer({
    handler: async (request): Promise<FixtureReply> => {
      if (holdWriter !== undefined && isWriterSecondTurn(request)) await holdWriter;
      return progressReply(request);
    },
  });
  folder = await temporaryFolder({ 'progress.vega.yaml': PROGRESS_WORKFLOW });
});

afterAll(async () => {
  await server.close();
  await folder.cleanup();
});

/** `vega run progress.vega.yaml` on a 100 x 30 pseudo-terminal; `onOutput` sees all it showed so far. */
function vegaInTerminal(env: Record<string, string>, onOutput?: (seen: string, child: ChildProcess) => void) {
  return runProcess(
    'python3',
    [PTY_RELAY, '100', '30', process.execPath, join(REPOSITORY, 'bin/vega.js'), 'run', 'progress.vega.yaml'],
    {
      cwd: folder.path,
      env: { ...fixtureEnvironment(server), PATH: process.env.PATH ?? '', ...env },
      ...(onOutput === undefined ? {} : { onStdout: onOutput }),
    },
  );
}

/** A tree line without its figures (elapsed time, tokens, cost). */
const withoutFigures = (line: string): string =>
  line.replace(/ {2,}(?:\d+ steps? done · )?[\d.]+s(?: · .*)?$/, '');

const SPINNING = `[${SPINNER.join('')}]`;

describe('vega run on a terminal', () => {
  it('shows a live tree of the running steps, redrawn in place, then the final tree and the cost tree', async () => {
    let release = (): void => {};
    holdWriter = new Promise((resolve) => {
      release = resolve;
    });
    // The screens the test waits for: the Writer running while the rest is done, then the same a
    // spinner frame later (the tree is redrawn while nothing else happens).
    // The Writer's first call (its tool call) is in: its tokens and cost show while it runs.
    const running = new RegExp(`^ {4}(${SPINNING}) \\[0\\] Writer +(\\d+\\.\\d)s · 120 tok · \\$0\\.0002$`);
    const screens: string[][] = [];
    const writerLine = (screen: string[]) =>
      screen.map((line) => running.exec(line)).find((match) => match !== null) ?? undefined;
    const run = vegaInTerminal({ TERM: 'xterm-256color' }, (seen) => {
      const screen = screenOf(seen);
      const line = writerLine(screen);
      if (line === undefined || !screen.some((text) => /✓ \[1\] Critic/.test(text))) return;
      const first = screens[0] === undefined ? undefined : writerLine(screens[0]);
      if (first === undefined) screens.push(screen);
      else if (screens.length === 1 && line[1] !== first[1]) {
        screens.push(screen);
        release();
      }
    });
    const { exitCode, stdout: seen } = await run;
    holdWriter = undefined;
    expect(exitCode, screenOf(seen).join('\n')).toBe(0);
    expect(screens).toHaveLength(2);
    const [live] = screens as [string[]];
    expect(live.slice(0, 5).map((line) => withoutFigures(line))).toEqual([
      expect.stringMatching(new RegExp(`^${SPINNING} team$`)),
      '  ✓ Planner',
      expect.stringMatching(new RegExp(`^  ${SPINNING} parallel$`)),
      expect.stringMatching(new RegExp(`^    ${SPINNING} \\[0\\] Writer$`)),
      '    ✓ [1] Critic',
    ]);
    expect(live[0]).toMatch(/2 steps done · \d+\.\ds · 360 tokens · \$0\.0006$/);
    expect(live[2]).toMatch(/ \d+\.\ds · 240 tok · \$0\.0004$/);
    expect(live[1]).toMatch(/ \d+\.\ds · 120 tok · \$0\.0002$/);
    // The final screen: the finished tree stays, then the output, the summary and the cost tree.
    const final = screenOf(seen);
    const top = final.findIndex((line) => line.startsWith('✓ team '));
    expect(final.slice(top, top + 5).map((line) => withoutFigures(line))).toEqual([
      '✓ team',
      '  ✓ Planner',
      '  ✓ parallel',
      '    ✓ [0] Writer',
      '    ✓ [1] Critic',
    ]);
    expect(final[top]).toMatch(/4 steps done · \d+\.\ds · 480 tokens · \$0\.0008$/);
    expect(final.slice(top + 5, top + 8)).toEqual([
      'the draft / the critique',
      expect.stringMatching(/^✓ team · 4 steps · 480 tokens/),
      expect.stringMatching(/^cost {2}team/),
    ]);
    // Colour on a terminal, and the cursor hidden while the tree is up and shown again after.
    expect(seen).toContain('\u001b[32m✓\u001b[0m');
    expect(seen.lastIndexOf('\u001b[?25h')).toBeGreaterThan(seen.lastIndexOf('\u001b[?25l'));
  });

  it('marks the steps cut short with ✗ and gives the cursor back on Ctrl-C', async () => {
    let release = (): void => {};
    holdWriter = new Promise((resolve) => {
      release = resolve;
    });
    let interrupted = false;
    const { exitCode, stdout: seen } = await vegaInTerminal({ TERM: 'xterm-256color' }, (output, child) => {
      // Once the Writer waits on its second call and the Critic is done.
      const screen = screenOf(output);
      const waiting =
        screen.some((line) => /^ {4}\S \[0\] Writer .* 120 tok /.test(line)) &&
        screen.some((line) => line.startsWith('    ✓ [1] Critic '));
      if (interrupted || !waiting) return;
      interrupted = true;
      child.kill('SIGINT');
    });
    release();
    holdWriter = undefined;
    expect(interrupted).toBe(true);
    expect(exitCode).not.toBe(0);
    const final = screenOf(seen);
    const top = final.findIndex((line) => line.startsWith('✗ team '));
    expect(final.slice(top, top + 5).map(withoutFigures)).toEqual([
      '✗ team',
      '  ✓ Planner',
      '  ✗ parallel',
      '    ✗ [0] Writer',
      '    ✓ [1] Critic',
    ]);
    expect(final.join('\n')).toMatch(/run [0-9a-f]{8} stopped; finish it with: vega resume [0-9a-f]{8}/);
    expect(seen.lastIndexOf('\u001b[?25h')).toBeGreaterThan(seen.lastIndexOf('\u001b[?25l'));
  });

  it('keeps the live tree without colour under NO_COLOR', async () => {
    const { exitCode, stdout: seen } = await vegaInTerminal({ TERM: 'xterm-256color', NO_COLOR: '1' });
    expect(exitCode).toBe(0);
    expect(seen.match(SGR)).toBeNull();
    expect(seen).toContain('\u001b[?25l');
    expect(screenOf(seen).some((line) => line.startsWith('    ✓ [0] Writer  '))).toBe(true);
  });

  it('falls back to progress lines on TERM=dumb', async () => {
    const { exitCode, stdout: seen } = await vegaInTerminal({ TERM: 'dumb' });
    expect(exitCode).toBe(0);
    expect(seen).not.toContain('\u001b[?25l');
    expect(seen).not.toContain('\u001b[2K');
    expect(seen).toMatch(/^▸ step-0 Planner\r?$/m);
    expect(seen).toMatch(/^✓ step-1 parallel · \d+ ms · 360 tokens · \$0\.0006\r?$/m);
  });
});
