import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';

const DESK = `settings:
  default_model: desk
  models:
    desk: scripted:echo
    fast: claude-haiku-4-5
    prices:
      desk: { input: 1000000, output: 2000000 }
agents:
  Clerk:
    system: You repeat.
  Runner:
    model: fast
    system: You run.
  Named:
    model: claude-sonnet-4-5
    system: You name.
workflows:
  echo:
    steps:
      - Clerk: "Hello there"
`;

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({ 'desk.vega.yaml': DESK });
});

afterAll(() => folder.cleanup());

describe('model aliases with prices', () => {
  it('a price keyed by an alias applies to the model the alias names', async () => {
    // Runner and Named are never called: their key only has to be set.
    const run = await runCli(['run', 'desk.vega.yaml', '-o', 'json', '-q'], {
      cwd: folder.path,
      env: { ANTHROPIC_API_KEY: 'never-used' },
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as {
      usage: { inputTokens: number; outputTokens: number };
      cost: { usd: number };
    };
    expect(report.usage.inputTokens).toBeGreaterThan(0);
    // One dollar per input token and two per output token: the alias's price, not the free scripted model.
    expect(report.cost.usd).toBeCloseTo(report.usage.inputTokens + 2 * report.usage.outputTokens, 6);
  });

  it('--dry-run shows an alias resolved to its model and provider', async () => {
    const plan = await runCli(['run', 'desk.vega.yaml', '--dry-run'], { cwd: folder.path });
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain('  Clerk   desk → scripted:echo (scripted), from settings.default_model\n');
    expect(plan.stdout).toContain('  Runner  fast → claude-haiku-4-5 (anthropic)\n');
    expect(plan.stdout).toContain('  Named   claude-sonnet-4-5 (anthropic)\n');
    const json = await runCli(['run', 'desk.vega.yaml', '--dry-run', '-o', 'json'], { cwd: folder.path });
    expect(JSON.parse(json.stdout).agents[1]).toEqual({
      name: 'Runner',
      model: 'claude-haiku-4-5',
      alias: 'fast',
      modelFrom: 'agent',
      provider: 'anthropic',
    });
  });
});
