import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/create-runtime.ts';
import { WorkflowLoadError } from '../../src/diagnostics/workflow-load-error.ts';
import { openMcpTools } from '../../src/mcp/open-mcp-tools.ts';
import { UnknownMcpTool } from '../../src/mcp/unknown-mcp-tool.ts';
import { scriptedModel } from '../../src/model/scripted/index.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';
import { createAgentInvoker } from '../../src/workflow/run/create-agent-invoker.ts';
import { runWorkflow } from '../../src/workflow/run/run-workflow.ts';
import { runCli } from '../cli/run-cli.ts';
import { onlyRunId, useWorkflowFolder } from '../durable/workflow-folder.ts';
import { type HttpCalcServer, startHttpCalcServer } from './http-calc-server.ts';

const here = import.meta.dirname;
const env = {
  NODE: process.execPath,
  CALC: join(here, 'calc-server.ts'),
  BROKEN: join(here, 'broken-server.ts'),
};

const workflowText = (servers: string, tools: string) => `settings:
  mcp:
    servers:
${servers}
agents:
  Clerk:
    model: scripted:clerk.replies.yaml
    system: You add numbers with tools.
    tools: ${tools}
workflows:
  sum:
    steps:
      - Clerk: "What is 2 + 40?"
`;
/** `${NAME}` as written in a workflow file: replaced from the environment when it is loaded. */
const variable = (name: string): string => `\${${name}}`;
const STDIO = `      - { name: calc, transport: stdio, command: "${variable('NODE')}", args: ["${variable('CALC')}"] }`;

const REPLIES = `replies:
  - agent: Clerk
    turn: 1
    toolCalls:
      - { name: calc__add, input: { a: 2, b: 40 } }
      - { name: calc__explode, input: {} }
  - agent: Clerk
    turn: 2
    text: "It is 42."
`;

function loadDocument(text: string, directory = here) {
  return parseWorkflow(text, 'sum.vega.yaml', { env, directory });
}

let http: HttpCalcServer | undefined;
afterEach(async () => {
  await http?.close();
  http = undefined;
});

/** Runs the workflow in process with the scripted model; returns what the model saw on each call. */
async function runWithServers(text: string) {
  const document = loadDocument(text);
  const model = scriptedModel({
    replies: [
      {
        agent: 'Clerk',
        turn: 1,
        toolCalls: [
          { name: 'calc__add', input: { a: 2, b: 40 } },
          { name: 'calc__explode', input: {} },
        ],
      },
      { agent: 'Clerk', turn: 2, text: 'It is 42.' },
    ],
  });
  const runtime = createRuntime({ env: {} });
  const environment = { ...runtime.environment, resolveModel: () => model };
  const mcp = await openMcpTools(document.settings.mcp);
  try {
    const result = await runWorkflow(document, {
      inputs: {},
      invokeAgent: createAgentInvoker(document, { environment, mcp }),
    });
    return { result, model };
  } finally {
    await mcp.close();
  }
}

describe('MCP tools in a workflow', () => {
  it('offers a stdio server tools to the agent and returns their results, errors included, to the model', async () => {
    const { result, model } = await runWithServers(workflowText(STDIO, '[calc__add, calc__explode]'));
    expect(result.output).toBe('It is 42.');
    const first = model.calls[0]!.options;
    expect(first.tools?.map((tool) => tool.name)).toEqual(['calc__add', 'calc__explode']);
    expect(first.tools?.[0]).toMatchObject({
      inputSchema: { type: 'object', properties: { a: { type: 'number' } }, required: ['a', 'b'] },
    });
    const toolMessage = model.calls[1]!.options.prompt.at(-1);
    expect(toolMessage).toMatchObject({
      role: 'tool',
      content: [
        { toolName: 'calc__add', output: { type: 'text', value: '42' } },
        {
          toolName: 'calc__explode',
          output: { type: 'error-text', value: expect.stringContaining('the disk is on fire') },
        },
      ],
    });
  });

  it('reaches a Streamable-HTTP server, and gives all of its tools with `<server>__*`', async () => {
    http = await startHttpCalcServer();
    const servers = `      - { name: calc, transport: http, url: "${http.url}", headers: { X-Team: vega } }`;
    const { result, model } = await runWithServers(workflowText(servers, '[calc__*]'));
    expect(result.output).toBe('It is 42.');
    expect(model.calls[0]!.options.tools?.map((tool) => tool.name)).toEqual([
      'calc__add',
      'calc__echo',
      'calc__explode',
    ]);
    expect(http.headers.some((headers) => headers['x-team'] === 'vega')).toBe(true);
  });

  it('refuses, before the first step, a tool the server does not have, listing its tools', async () => {
    const document = loadDocument(workflowText(STDIO, '[calc__multiply]'));
    const mcp = await openMcpTools(document.settings.mcp);
    try {
      const { environment } = createRuntime({ env: {} });
      const build = () =>
        createAgentInvoker(document, {
          environment: { ...environment, resolveModel: () => scriptedModel([]) },
          mcp,
        });
      expect(build).toThrow(UnknownMcpTool);
      expect(build).toThrow(/no tool 'multiply' \(its tools: add, echo, explode\)/);
    } finally {
      await mcp.close();
    }
  });
});

describe('MCP through `vega run`', () => {
  const workspace = useWorkflowFolder('sum', workflowText(STDIO, '[calc__add, calc__explode]'));

  it('runs the workflow on the SQLite store, journaling the MCP tool calls', async () => {
    const { folder, file, db } = workspace;
    await writeFile(join(folder, 'clerk.replies.yaml'), REPLIES);
    const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder, env });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('It is 42.\n');
    expect(run.exitCode).toBe(0);
    const store = await sqliteStore(db);
    try {
      const entries = await store.listJournal(await onlyRunId(db));
      const tools = entries.filter((entry) => entry.key.includes('/tool-'));
      expect(tools.map((entry) => entry.key)).toEqual([
        'step-0/agent:Clerk/t1/tool-0',
        'step-0/agent:Clerk/t1/tool-1',
      ]);
      expect(tools.every((entry) => entry.idempotent === false)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('stops the server when the run ends, whether it succeeded or failed', async () => {
    const { folder, file, db } = workspace;
    const pidFile = join(folder, 'pids');
    await writeFile(join(folder, 'clerk.replies.yaml'), REPLIES);
    const withPidFile = (tools: string) =>
      workflowText(STDIO.replace(' }', `, env: { CALC_PID_FILE: "${variable('PID_FILE')}" } }`), tools);
    await writeFile(file, withPidFile('[calc__add, calc__explode]'));
    const done = await runCli(['run', file, '--store', db, '-q'], {
      cwd: folder,
      env: { ...env, PID_FILE: pidFile },
    });
    expect(done.exitCode).toBe(0);
    await writeFile(file, withPidFile('[calc__nope]'));
    const failed = await runCli(['run', file, '-q'], { cwd: folder, env: { ...env, PID_FILE: pidFile } });
    expect(failed.exitCode).toBe(1);
    const pids = (await readFile(pidFile, 'utf8')).trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('fails with the server name, its command and its stderr when it does not start', async () => {
    const { folder, file } = workspace;
    await writeFile(join(folder, 'clerk.replies.yaml'), REPLIES);
    await writeFile(file, workflowText(STDIO.replace(variable('CALC'), variable('BROKEN')), '[calc__add]'));
    const run = await runCli(['run', file, '-q'], { cwd: folder, env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("MCP server 'calc'");
    expect(run.stderr).toContain('broken-server.ts');
    expect(run.stderr).toContain('cannot open database /var/calc.db: permission denied');
  });

  it('fails before the first step on a tool the server lacks', async () => {
    const { folder, file } = workspace;
    await writeFile(join(folder, 'clerk.replies.yaml'), REPLIES);
    await writeFile(file, workflowText(STDIO, '[calc__ad]'));
    const run = await runCli(['run', file, '-q'], { cwd: folder, env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain("MCP server 'calc' has no tool 'ad'");
    expect(run.stderr).toContain("did you mean 'calc__add'?");
  });
});

describe('settings.mcp validation', () => {
  function problems(text: string) {
    try {
      loadDocument(text);
    } catch (error) {
      if (error instanceof WorkflowLoadError)
        return error.diagnostics.map((d) => [d.code, d.line, d.message, d.hint]);
      throw error;
    }
    return [];
  }

  it('reports every mistake of the servers and of the agents tool names in one pass, at its place', () => {
    const text = `settings:
  mcp:
    servers:
      - { name: files, transport: stdio, comand: npx }
      - { name: web, transport: htp, url: "http://127.0.0.1:1/mcp" }
      - { name: remote, url: "http://127.0.0.1:1/mcp", args: [x] }
      - { name: files, command: npx }
      - { name: bad__name, command: npx }
agents:
  Clerk:
    model: scripted:echo
    system: You help.
    tools: [file__read_file, nowhere__x, files__]
workflows:
  main:
    steps:
      - Clerk: "hi"
`;
    expect(problems(text)).toEqual(
      expect.arrayContaining([
        ['unknown_key', 4, "unknown key 'comand' in an MCP server", "did you mean 'command'?"],
        ['missing_key', 4, "the stdio MCP server 'files' has no `command`", expect.any(String)],
        ['invalid_value', 5, expect.stringContaining("got 'htp'"), "did you mean 'http'?"],
        [
          'conflicting_keys',
          6,
          expect.stringContaining('`args` is for stdio MCP servers'),
          expect.any(String),
        ],
        ['invalid_name', 8, "invalid MCP server name 'bad__name'", expect.any(String)],
        [
          'unknown_mcp_server',
          13,
          "agent 'Clerk' lists 'file__read_file', but no MCP server is named 'file'",
          "did you mean 'files__read_file'?",
        ],
        ['unknown_mcp_server', 13, expect.stringContaining("'nowhere'"), expect.stringContaining('declared')],
        ['unknown_tool', 13, "'files__' names no tool of MCP server 'files'", expect.any(String)],
      ]),
    );
  });

  it('reports two servers with one name', () => {
    const text = workflowText(`${STDIO}\n${STDIO}`, '[calc__add]');
    expect(problems(text)).toEqual([
      ['duplicate_name', 5, "two MCP servers are named 'calc'", expect.stringContaining('line 4')],
    ]);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
