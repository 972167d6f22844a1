import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import { bodyOf, fixtureEnvironment } from './trip-scenario.ts';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

let server: FixtureServer;

beforeEach(async () => {
  server = await startFixtureServer();
});

afterEach(async () => {
  await server.close();
});

/**
 * Runs `node bin/vega.js ...` from the repository root as a real child process. Asynchronous on purpose:
 * the fixture server lives in this process and must keep answering while the child runs.
 */
function runVegaProcess(
  args: readonly string[],
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/vega.js', ...args], {
      cwd: REPOSITORY_ROOT,
      // Only what the run needs: no inherited keys or proxies can reach a real provider.
      env: { ...fixtureEnvironment(server), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // A hung child is killed rather than left behind.
      timeout: 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

describe('the vega command as a child process', () => {
  it('runs examples/hello.vega.yaml on Anthropic through the fixture server', async () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
    server.enqueue(
      {
        text: 'Hello, world! It is wonderful to have you here with us today.',
        usage: { input: 42, output: 16 },
      },
      { text: 'Hello, world, welcome!', usage: { input: 61, output: 7 } },
    );

    const { exitCode, stdout, stderr } = await runVegaProcess([
      'run',
      'examples/hello.vega.yaml',
      '--model',
      'claude-haiku-4-5',
    ]);

    expect(stderr).not.toContain('error');
    expect(exitCode).toBe(0);
    expect(stdout).toBe('Hello, world, welcome!\n');
    // claude-haiku-4-5 at $1 in / $5 out per million tokens: 103 x 1 + 23 x 5 = 218 micro-dollars, shown as $0.0002.
    // On a pipe, a progress line per step start and end comes first.
    expect(stderr).toMatch(
      /^(?:[▸✓✗] step-\d.*\n)+✓ greet · 2 steps · 126 tokens \(103 in, 23 out\) · \$0\.0002 · \d+ ms · run [0-9a-f]{8}\ncost {2}greet /,
    );
    expect(server.requests.map((request) => [request.path, request.headers['x-api-key']])).toEqual([
      ['/v1/messages', 'test-key'],
      ['/v1/messages', 'test-key'],
    ]);
    const draft = bodyOf(server.requests[0]);
    const edit = bodyOf(server.requests[1]);
    expect(draft.model).toBe('claude-haiku-4-5');
    // The agents' settings in the file reach the provider: the Writer's temperature, the Editor's max_tokens.
    expect(draft.temperature).toBe(0.7);
    expect(draft.system).toEqual([{ type: 'text', text: 'You write warm, short greetings.' }]);
    expect(edit.max_tokens).toBe(200);
    expect(edit.system).toEqual([{ type: 'text', text: 'You cut every word that does not earn its place.' }]);
    expect(draft.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Write a one-line greeting for world.' }] },
    ]);
    expect(edit.messages).toEqual([
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: 'Tighten this greeting: Hello, world! It is wonderful to have you here with us today.',
          },
        ],
      },
    ]);
  });

  it('runs examples/hello.vega.yaml offline on its scripted model, sending nothing', async () => {
    const { exitCode, stdout, stderr } = await runVegaProcess(['run', 'examples/hello.vega.yaml']);

    expect(stderr).not.toContain('error');
    expect(exitCode).toBe(0);
    expect(stdout).toBe('Hello, world, welcome!\n');
    expect(server.requests).toHaveLength(0);
  });
});
