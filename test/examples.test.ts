import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { compareWeather, offlineModel } from '../examples/agent-with-tools.ts';
import { superviseTwoAgents } from '../examples/supervision.ts';
import { manualClock } from '../src/testing/index.ts';
import { runCli } from './cli/run-cli.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('examples/agent-with-tools.ts', () => {
  it('runs offline: two parallel tool calls, then the answer, priced as claude-haiku-4-5', async () => {
    const result = await compareWeather(offlineModel());
    expect(result.text).toBe('Paris is warmer: 21 °C against 17 °C in Rome, both under clear skies.');
    expect(result.toolCalls.map((call) => call.output)).toEqual([
      { city: 'Paris', celsius: 21, sky: 'clear' },
      { city: 'Rome', celsius: 17, sky: 'clear' },
    ]);
    expect(result.usage).toMatchObject({ inputTokens: 440, outputTokens: 62 });
    // claude-haiku-4-5 at $1 input and $5 output per million tokens.
    expect(result.cost.usd).toBe((440 * 1 + 62 * 5) / 1e6);
  });
});

describe('examples/supervision.vega.yaml', () => {
  it('shows two restarts, a stop and an escalation on stderr, then fails with exit code 1 by design', async () => {
    const { exitCode, stdout, stderr } = await runCli(['run', 'examples/supervision.vega.yaml'], {
      cwd: REPOSITORY_ROOT,
    });

    const model = 'scripted model supervision.replies.yaml';
    const editorFailure = `error: ${model} answered 401 Unauthorized: invalid x-api-key`;
    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      `↻ Researcher restarted (restart 1, after 50 ms) — it failed: error: ${model} answered 529 Overloaded: Overloaded`,
      `↻ Researcher restarted (restart 2, after 100 ms) — it failed: error: ${model} answered 529 Overloaded: Overloaded`,
      `■ Illustrator stopped (supervision: stop) — it failed: error: ${model} answered 400 Bad Request: image generation is not enabled for this key`,
      `⇡ Editor escalated its failure to the workflow — ${editorFailure}`,
      `error: Supervisor 'workflow' gave up: child 'Editor' failed and escalates (${editorFailure}).`,
      '  hint: The failure is passed up on purpose (strategy escalate); handle it in the parent, or use restart.',
      expect.stringMatching(/^run ([0-9a-f]{8}) stopped; finish it with: vega resume \1$/),
    ]);
    expect(stderr).not.toContain('    at ');
  });
});

describe('examples/supervision.ts', () => {
  const FACTS =
    'Otters hold hands while they sleep, keep a favourite stone to crack shells, and have the densest fur of any animal.';
  const SUMMARY = 'Otters sleep hand in hand, carry their own tools and wear the thickest fur there is.';
  const OVERLOADED = 'error: scripted model claude-haiku-4-5 answered 529 Overloaded: Overloaded';
  const EXPECTED_LINES = [
    'team: researcher (running), summariser (running)',
    'summariser: A river mammal that loves to play.',
    `↻ researcher restarted (restart 1, after 100 ms): ${OVERLOADED}`,
    `↻ researcher restarted (restart 2, after 200 ms): ${OVERLOADED}`,
    `researcher: ${FACTS}`,
    `summariser: ${SUMMARY} (5 messages in its conversation)`,
  ];

  it('restarts the flaky researcher after 100 then 200 ms while the steady summariser keeps its conversation', async () => {
    const clock = manualClock();
    const lines: string[] = [];
    let settled = false;
    const run = superviseTwoAgents({ clock, print: (line) => lines.push(line) }).finally(() => {
      settled = true;
    });
    // Time moves only when the backoff timers are due.
    while (!settled) await clock.runAll();

    expect(await run).toEqual({
      definition: 'A river mammal that loves to play.',
      facts: FACTS,
      summary: SUMMARY,
    });
    expect(lines).toEqual(EXPECTED_LINES);
    expect(clock.now()).toBe(300);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('runs as a script with `node examples/supervision.ts`', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['examples/supervision.ts'], {
      cwd: REPOSITORY_ROOT,
      env: { NO_COLOR: '1' },
      timeout: 15_000,
    });

    expect(stderr).toBe('');
    expect(stdout.trimEnd().split('\n')).toEqual(EXPECTED_LINES);
  });
});
