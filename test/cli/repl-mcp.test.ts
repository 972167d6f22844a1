import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.ts';
import { ReplSession } from '../../src/cli/repl-session.ts';

const mcpFolder = join(import.meta.dirname, '../mcp');

/** `${NAME}` as written in a workflow file: replaced from the environment when it is loaded. */
const variable = (name: string): string => `\${${name}}`;

const CLERK = `settings:
  mcp:
    servers:
      - name: calc
        transport: stdio
        command: "${variable('NODE')}"
        args: ["${variable('CALC')}"]
        env: { CALC_PID_FILE: "${variable('PID_FILE')}" }
agents:
  Clerk:
    model: scripted:clerk.replies.yaml
    system: You add numbers with tools.
    tools: [calc__add]
workflows:
  sum:
    steps:
      - Clerk: "What is 2 + 40?"
`;

const REPLIES = `replies:
  - agent: Clerk
    turn: 1
    toolCalls:
      - { name: calc__add, input: { a: 2, b: 40 } }
  - agent: Clerk
    turn: 2
    text: "It is 42."
`;

const PLAIN = `agents:
  Writer:
    model: scripted:writer.replies.yaml
    system: You write.
`;

let folder: string;
let stdout: string;
let session: ReplSession;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vega-repl-mcp-'));
  await writeFile(join(folder, 'clerk.vega.yaml'), CLERK);
  await writeFile(join(folder, 'clerk.replies.yaml'), REPLIES);
  await writeFile(join(folder, 'plain.vega.yaml'), PLAIN);
  await writeFile(
    join(folder, 'writer.replies.yaml'),
    'replies:\n  - { agent: Writer, turn: 1, text: hi }\n',
  );
  stdout = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: () => {},
    env: {
      VEGA_STORE: ':memory:',
      NODE: process.execPath,
      CALC: join(mcpFolder, 'calc-server.ts'),
      PID_FILE: join(folder, 'pids'),
    },
    cwd: folder,
    color: false,
  };
  session = new ReplSession(io);
});

afterEach(async () => {
  await session.close();
  await rm(folder, { recursive: true, force: true });
});

const signal = new AbortController().signal;

/** The pids of the calc servers started so far, in order. */
async function serverPids(): Promise<number[]> {
  const text = await readFile(join(folder, 'pids'), 'utf8').catch(() => '');
  return text.trim() === '' ? [] : text.trim().split('\n').map(Number);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('vega repl with a file that declares MCP servers', () => {
  it('connects them when the file is loaded: agents call their tools, in a message and in a run', async () => {
    await session.load('clerk.vega.yaml', signal);
    const [pid] = await serverPids();
    expect(pid !== undefined && isAlive(pid)).toBe(true);
    await session.execute('Clerk <- "What is 2 + 40?"', signal);
    expect(stdout.split('\n')[0]).toBe('It is 42.');
    stdout = '';
    await session.execute('run sum', signal);
    expect(stdout.split('\n')[0]).toBe('It is 42.');
    // One connection for the whole time the file is loaded.
    expect(await serverPids()).toHaveLength(1);
  });

  it('closes them on exit', async () => {
    await session.load('clerk.vega.yaml', signal);
    expect(await session.execute('exit', signal)).toBe('exit');
    await session.close();
    const pids = await serverPids();
    expect(pids).toHaveLength(1);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('closes them when another file is loaded, and opens them again when it is loaded again', async () => {
    await session.load('clerk.vega.yaml', signal);
    await session.execute('load plain.vega.yaml', signal);
    const [first] = await serverPids();
    expect(first !== undefined && isAlive(first)).toBe(false);
    await session.execute('load clerk.vega.yaml', signal);
    const pids = await serverPids();
    expect(pids).toHaveLength(2);
    expect(isAlive(pids[1] ?? 0)).toBe(true);
  });
});
