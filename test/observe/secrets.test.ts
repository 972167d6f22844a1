import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import { promptOf } from '../durable/durable-cli.ts';
import { temporaryFolder } from '../integration/trip-scenario.ts';

/** The provider key: sent in every request's `x-api-key` header, echoed back by a 401. */
const API_KEY = 'sk-ant-FAKE-api03-Zq8xW2vN5mK7pL1rT4yU6iO9';
/** A secret of the user's own, in a variable named like one; a tool reads it from a file. */
const SERVICE_TOKEN = 'svc_live_7fG2hJ9kL4mN8pQ1rS5tV3w';

const WORKFLOW = `
settings:
  default_model: claude-haiku-4-5
  sandbox: ./sandbox
tools:
  lookup:
    description: Look a topic up in the team's notes, with the service's key
    params:
      topic: { type: string, required: true }
      api_key: { type: string, required: true }
    implementation:
      type: file_read
      path: "notes/{{topic}}.md"
agents:
  Clerk:
    system: You look things up.
    tools: [lookup]
workflows:
  work:
    steps:
      - Clerk: "Look up the plan"
        save: answer
    output: "{{answer}}"
  fail:
    steps:
      - Clerk: "Fail please"
    output: done
`;

interface Outcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('secrets', () => {
  let server: FixtureServer;
  let folder: { path: string; remove: () => Promise<void> };
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    server.reset();
    folder = await temporaryFolder('vega-secrets-');
    await writeFile(join(folder.path, 'secrets.vega.yaml'), WORKFLOW);
    await mkdir(join(folder.path, 'sandbox', 'notes'), { recursive: true });
    await writeFile(
      join(folder.path, 'sandbox', 'notes', 'plan.md'),
      `Use token ${SERVICE_TOKEN} for the service.\n`,
    );
    server.setHandler((request) => {
      const prompt = promptOf(request);
      if (prompt === 'Look up the plan') {
        return {
          toolCalls: [{ name: 'lookup', input: { topic: 'plan', api_key: API_KEY } }],
          usage: { input: 20, output: 5 },
        };
      }
      if (prompt === 'Fail please') {
        return {
          error: { status: 401, message: `invalid x-api-key: ${API_KEY} (authorization: Bearer ${API_KEY})` },
        };
      }
      // After the tool result: the model repeats what it read, the key and the token among it.
      return {
        text: `The plan says: use ${SERVICE_TOKEN}; you gave me ${API_KEY}.`,
        usage: { input: 30, output: 9 },
      };
    });
  });
  afterEach(async () => {
    await folder.remove();
  });

  const vega = async (...argv: string[]): Promise<Outcome> => {
    let stdout = '';
    let stderr = '';
    const exitCode = await main([...argv, '--store', 'vega.db'], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: (text) => {
        stderr += text;
      },
      env: {
        ANTHROPIC_API_KEY: API_KEY,
        ANTHROPIC_BASE_URL: server.anthropicBaseURL,
        MY_SERVICE_TOKEN: SERVICE_TOKEN,
      },
      cwd: folder.path,
      color: false,
    });
    return { exitCode, stdout, stderr };
  };

  it('appear in nothing Vega writes: output, errors, logs, traces, events, journal, runs', async () => {
    const done = await vega(
      'run',
      'secrets.vega.yaml',
      '-w',
      'work',
      '--output',
      'json',
      '--log-level',
      'debug',
      '--log-file',
      'vega.log',
      '--trace',
      'jsonl=trace.jsonl',
    );
    expect(done.stderr).not.toContain('error');
    expect(done.exitCode).toBe(0);
    const failed = await vega(
      'run',
      'secrets.vega.yaml',
      '-w',
      'fail',
      '--log-level',
      'debug',
      '--log-file',
      'vega.log',
      '--verbose',
    );
    expect(failed.exitCode).toBe(1);

    // Every path was taken: the key went out in the header, came back in a 401 and in a tool call,
    // and the token came out of a tool and back from the model.
    expect(server.requests.map((request) => request.headers['x-api-key'])).toContain(API_KEY);
    expect(failed.stderr).toContain('status 401');
    expect(JSON.parse(done.stdout).output).toContain('[REDACTED]');

    const log = await readFile(join(folder.path, 'vega.log'), 'utf8');
    const records = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.map((record) => record.msg)).toEqual(
      expect.arrayContaining([
        'run started',
        'tool call ended',
        'model call ended',
        'run completed',
        'run failed',
      ]),
    );
    expect(
      records.every((record) => typeof record.level === 'number' && typeof record.component === 'string'),
    ).toBe(true);
    const trace = await readFile(join(folder.path, 'trace.jsonl'), 'utf8');
    expect(trace).toContain('gen_ai');

    const store = await sqliteStore(join(folder.path, 'vega.db'));
    const kept: unknown[] = [];
    try {
      const runs = await store.listRuns();
      expect(runs).toHaveLength(2);
      for (const run of runs) {
        kept.push(run, await store.listEvents({ runId: run.id }), await store.listJournal(run.id));
        kept.push(await store.listSpans({ runId: run.id }));
      }
    } finally {
      await store.close();
    }
    const everything = [
      done.stdout,
      done.stderr,
      failed.stdout,
      failed.stderr,
      log,
      trace,
      JSON.stringify(kept),
      ...(await filesUnder(folder.path, ['.db', '.db-wal', '.db-shm'])),
    ].join('\n');
    expect(everything).toContain('[REDACTED]');
    expect(everything).not.toContain(API_KEY);
    expect(everything).not.toContain(SERVICE_TOKEN);
    // Not even a piece of the key (the redactor replaces it whole).
    expect(everything).not.toContain(API_KEY.slice(12));
  });

  it('keep a redacted journal replayable: digests are taken of the redacted requests', async () => {
    const done = await vega('run', 'secrets.vega.yaml', '-w', 'work', '--output', 'json');
    expect(done.exitCode).toBe(0);
    const { runId } = JSON.parse(done.stdout) as { runId: string };
    const replay = await vega('replay', runId);
    expect(replay.stderr).not.toContain('diverge');
    expect(replay.exitCode).toBe(0);
  });
});

/** The text of every file Vega wrote in the folder (the workflow and the notes aside), except `skip`ped extensions. */
async function filesUnder(folder: string, skip: readonly string[]): Promise<string[]> {
  const names = await readdir(folder, { recursive: true, withFileTypes: true });
  const texts: string[] = [];
  for (const entry of names) {
    if (!entry.isFile() || skip.some((extension) => entry.name.endsWith(extension))) continue;
    const path = join(entry.parentPath, entry.name);
    if (path.endsWith('secrets.vega.yaml') || path.includes(join('sandbox', 'notes'))) continue;
    texts.push(await readFile(path, 'utf8'));
  }
  return texts;
}
