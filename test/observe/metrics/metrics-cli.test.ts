import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { parseRunArguments } from '../../../src/cli/parse-run-arguments.ts';
import type { FixtureServer } from '../../../src/testing/index.ts';
import { startFixtureServer } from '../../../src/testing/index.ts';
import { promptOf } from '../../durable/durable-cli.ts';
import { fixtureEnvironment, temporaryFolder } from '../../integration/trip-scenario.ts';
import { promtoolCheck, sampleOf } from './metrics-text.ts';

const WORKFLOW = `settings:
  default_model: claude-haiku-4-5
  retry: { max_attempts: 3, backoff: constant, initial: 0s, max: 0s }
agents:
  Writer: { system: You write. }
  Editor: { system: You edit. }
workflows:
  main:
    steps:
      - Writer: "Draft"
        save: draft
      - Editor: "Polish"
    output: "{{draft}}"
`;

let server: FixtureServer;
let folder: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  folder = await temporaryFolder('vega-metrics-');
  await writeFile(join(folder.path, 'team.vega.yaml'), WORKFLOW);
});
afterEach(async () => {
  server.reset();
  await folder.remove();
});

describe('vega run --metrics-port', () => {
  it('serves /metrics while a workflow runs: calls, tokens, cost, a retried 529, a counted 429; promtool passes', async () => {
    let stderr = '';
    let scraped: string | undefined;
    const metricsUrl = () => /metrics on (http:\/\/\S+)/.exec(stderr)?.[1];
    const seen = new Map<string, number>();
    server.setHandler(async (request) => {
      const prompt = promptOf(request);
      const attempt = (seen.get(prompt) ?? 0) + 1;
      seen.set(prompt, attempt);
      // Each step's first attempt fails: overloaded, then rate limited; both are retried.
      if (attempt === 1 && prompt === 'Draft') return { error: { status: 529, message: 'Overloaded' } };
      if (attempt === 1 && prompt === 'Polish') return { error: { status: 429, message: 'Slow down' } };
      // The second step's call: the first step is done and the run is still going.
      if (prompt === 'Polish') {
        const url = metricsUrl();
        if (url === undefined) throw new Error(`no metrics address on stderr:\n${stderr}`);
        scraped = await (await fetch(url)).text();
      }
      return { text: `ok ${prompt}`, usage: { input: 10, output: 2 } };
    });
    const exitCode = await main(['run', 'team.vega.yaml', '--metrics-port', '0', '--store', 'vega.db'], {
      stdout: () => {},
      stderr: (text) => {
        stderr += text;
      },
      env: fixtureEnvironment(server),
      cwd: folder.path,
      color: false,
    });
    expect(exitCode, stderr).toBe(0);
    expect(metricsUrl()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    if (scraped === undefined) throw new Error('the fixture server never saw the second step');
    expect(sampleOf(scraped, 'vega_runs_started_total', { kind: 'workflow' })).toBe(1);
    expect(sampleOf(scraped, 'vega_runs_ended_total')).toBeUndefined();
    expect(sampleOf(scraped, 'vega_steps_started_total', { kind: 'agent' })).toBe(2);
    expect(sampleOf(scraped, 'vega_steps_completed_total', { kind: 'agent' })).toBe(1);
    expect(sampleOf(scraped, 'vega_model_calls_total', { model: 'claude-haiku-4-5', outcome: 'ok' })).toBe(1);
    expect(sampleOf(scraped, 'vega_tokens_total', { model: 'claude-haiku-4-5', direction: 'input' })).toBe(
      10,
    );
    const haiku = { provider: 'anthropic', model: 'claude-haiku-4-5' };
    expect(sampleOf(scraped, 'vega_retries_total', { ...haiku, error_kind: 'overloaded' })).toBe(1);
    expect(sampleOf(scraped, 'vega_retries_total', { ...haiku, error_kind: 'rate_limit' })).toBe(1);
    expect(sampleOf(scraped, 'vega_model_rate_limited_total', haiku)).toBe(1);
    expect(sampleOf(scraped, 'vega_cost_usd_total', { model: 'claude-haiku-4-5' })).toBeGreaterThan(0);
    expect(sampleOf(scraped, 'vega_breaker_state')).toBeUndefined();
    // The workflow's supervisor and its two agents run as processes.
    expect(sampleOf(scraped, 'vega_active_processes')).toBeGreaterThanOrEqual(3);
    const check = await promtoolCheck(scraped);
    expect(check.output).toBe('');
    expect(check.code).toBe(0);
    // Served for the run's duration only.
    await expect(fetch(metricsUrl()!)).rejects.toThrow();
  });

  it('fails clearly when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((taken.address() as AddressInfo).port);
      let stderr = '';
      const exitCode = await main(['run', 'team.vega.yaml', '--metrics-port', port, '--store', 'vega.db'], {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        env: fixtureEnvironment(server),
        cwd: folder.path,
        color: false,
      });
      expect(exitCode).not.toBe(0);
      expect(stderr).toContain(`Cannot serve metrics on 127.0.0.1:${port} (EADDRINUSE)`);
      expect(stderr).toContain('--metrics-port');
      expect(server.requests).toHaveLength(0);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('reads --metrics-port and --metrics-host, and refuses what is not a port', () => {
    expect(parseRunArguments(['team.vega.yaml', '--metrics-port', '9464'])).toMatchObject({
      metricsPort: 9464,
    });
    expect(
      parseRunArguments(['team.vega.yaml', '--metrics-port=0', '--metrics-host', '0.0.0.0']),
    ).toMatchObject({ metricsPort: 0, metricsHost: '0.0.0.0' });
    expect(parseRunArguments(['team.vega.yaml'])).not.toHaveProperty('metricsPort');
    expect(() => parseRunArguments(['team.vega.yaml', '--metrics-port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseRunArguments(['team.vega.yaml', '--metrics-port', 'nine'])).toThrow(/0 to 65535/);
    expect(() => parseRunArguments(['team.vega.yaml', '--metrics-host', '::1'])).toThrow(
      /needs '--metrics-port'/,
    );
  });
});
