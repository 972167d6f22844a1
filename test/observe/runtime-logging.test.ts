import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createRuntime } from '../../src/create-runtime.ts';
import { createLogger } from '../../src/observe/logging/create-logger.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { temporaryFolder } from '../integration/trip-scenario.ts';

const KEY = 'sk-ant-FAKE-api03-runtime-0123456789';

describe('createRuntime({ logger })', () => {
  it('logs a run, its steps and its failure, with the run id, redacting the secrets of its env', async () => {
    const lines: string[] = [];
    const { logger } = createLogger({
      level: 'debug',
      stream: { write: (line: string) => lines.push(line) },
    });
    const store = await sqliteStore(':memory:');
    const runtime = createRuntime({ store, logger, env: { ANTHROPIC_API_KEY: KEY } });
    try {
      await runtime.run(async (ctx) => ctx.step('greet', async () => `hello ${KEY}`), null, { id: 'run-ok' });
      await expect(
        runtime.run(
          async (ctx) =>
            ctx.step('fail', async () => {
              throw new Error(`refused key ${KEY}`);
            }),
          null,
          { id: 'run-bad' },
        ),
      ).rejects.toThrow('refused key');
      const events = JSON.stringify([
        await store.listEvents({ runId: 'run-ok' }),
        await store.listEvents({ runId: 'run-bad' }),
        await store.listJournal('run-ok'),
        await store.getRun('run-ok'),
        await store.getRun('run-bad'),
      ]);
      expect(events).toContain('[REDACTED]');
      expect(events).not.toContain(KEY);
    } finally {
      await runtime.close();
      await store.close();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'run started', component: 'run', runId: 'run-ok', level: 30 }),
        expect.objectContaining({ msg: 'run completed', runId: 'run-ok' }),
        expect.objectContaining({ msg: 'run failed', runId: 'run-bad', level: 50 }),
      ]),
    );
    // The logger was made without the runtime's env: the key is still caught by its shape.
    expect(lines.join('')).not.toContain(KEY);
  });
});

describe('vega run logs', () => {
  it('go to stderr as text with --log-level, and VEGA_LOG_LEVEL asks for them too; none by default', async () => {
    const folder = await temporaryFolder('vega-logs-');
    try {
      await writeFile(
        join(folder.path, 'hello.vega.yaml'),
        'agents:\n  A: { system: s }\nworkflows:\n  hello:\n    steps:\n      - A: "hi"\n    output: ok\n',
      );
      const vega = async (env: Record<string, string>, ...argv: string[]) => {
        let stderr = '';
        const exitCode = await main(
          ['run', 'hello.vega.yaml', '--model', 'scripted:echo', '--store', 'vega.db', ...argv],
          {
            stdout: () => {},
            stderr: (text) => {
              stderr += text;
            },
            env,
            cwd: folder.path,
            color: true,
          },
        );
        return { exitCode, stderr };
      };
      const quiet = await vega({});
      expect(quiet.exitCode).toBe(0);
      expect(quiet.stderr).not.toContain('run started');
      const text = await vega({}, '--log-level', 'info');
      // Text for people, coloured on a terminal: level, component, message.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the ANSI escape is what is removed.
      expect(text.stderr.replace(/\u001b\[[\d;]*m/g, '')).toMatch(/ INFO {2}run run started/);
      const fromEnv = await vega({ VEGA_LOG_LEVEL: 'debug' });
      expect(fromEnv.stderr).toContain('step started');
      const wrong = await vega({}, '--log-level', 'verbose');
      expect(wrong.exitCode).toBe(2);
      expect(wrong.stderr).toContain("'--log-level' takes debug, info, warn or error, not 'verbose'");
    } finally {
      await folder.remove();
    }
  });
});
