import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpServer, type McpConnection } from '../../src/mcp/connect-mcp-server.ts';
import { McpServerFailed } from '../../src/mcp/mcp-server-failed.ts';
import { openMcpTools } from '../../src/mcp/open-mcp-tools.ts';
import { UnknownMcpTool } from '../../src/mcp/unknown-mcp-tool.ts';
import { type HttpCalcServer, startHttpCalcServer } from './http-calc-server.ts';

const here = import.meta.dirname;
const stdioCalc = {
  name: 'calc',
  transport: 'stdio',
  command: process.execPath,
  args: [join(here, 'calc-server.ts')],
  env: {},
} as const;
const context = (signal = new AbortController().signal) => ({ signal, toolCallId: 'call-1', agent: 'Clerk' });

const open: McpConnection[] = [];
let http: HttpCalcServer | undefined;
afterEach(async () => {
  await Promise.all(open.splice(0).map((connection) => connection.close()));
  await http?.close();
  http = undefined;
});

describe('connectMcpServer', () => {
  it('lists a stdio server tools as <server>__<tool> with their JSON Schema and calls them', async () => {
    const connection = await connectMcpServer(stdioCalc);
    open.push(connection);
    expect(connection.toolNames).toEqual(['add', 'echo', 'explode']);
    const [add, echo, explode] = connection.tools;
    expect(add?.name).toBe('calc__add');
    expect(add?.definition).toMatchObject({
      name: 'calc__add',
      description: 'Adds two numbers',
      inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
    });
    expect(add?.idempotent).toBe(false);
    expect(echo?.idempotent).toBe(true);
    expect(await add?.execute({ a: 2, b: 40 }, context())).toBe('42');
    await expect(explode?.execute({}, context())).rejects.toThrow('the disk is on fire');
    // The server validates the arguments: a wrong one is an error the model reads.
    await expect(add?.execute({ a: 'two' }, context())).rejects.toThrow(/a|b/);
  });

  it('speaks Streamable HTTP to a server on 127.0.0.1, sending the configured headers', async () => {
    http = await startHttpCalcServer();
    const connection = await connectMcpServer({
      name: 'remote',
      transport: 'http',
      url: http.url,
      headers: { Authorization: 'Bearer t0k3n' },
    });
    open.push(connection);
    expect(connection.tools.map((tool) => tool.name)).toEqual([
      'remote__add',
      'remote__echo',
      'remote__explode',
    ]);
    expect(await connection.tools[1]?.execute({ text: 'hello' }, context())).toBe('hello');
    expect(http.headers.every((headers) => headers.authorization === 'Bearer t0k3n')).toBe(true);
  });

  it('names a server that fails to start, its command and what it wrote to stderr', async () => {
    const failure = await connectMcpServer({
      ...stdioCalc,
      name: 'broken',
      args: [join(here, 'broken-server.ts')],
    }).catch((error: unknown) => error);
    expect(McpServerFailed.isMcpServerFailed(failure)).toBe(true);
    const error = failure as McpServerFailed;
    expect(error.server).toBe('broken');
    expect(error.message).toContain("MCP server 'broken'");
    expect(error.message).toContain('broken-server.ts');
    expect(error.stderr).toContain('cannot open database /var/calc.db: permission denied');
    expect(error.message).toContain('permission denied');
  });

  it('names a command that does not exist', async () => {
    const failure = await connectMcpServer({
      ...stdioCalc,
      command: 'vega-no-such-command-xyz',
      args: [],
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(McpServerFailed);
    expect((failure as Error).message).toMatch(/'calc' \(vega-no-such-command-xyz\).*ENOENT/s);
  });

  it('names an http server that does not answer', async () => {
    http = await startHttpCalcServer();
    const url = http.url;
    await http.close();
    http = undefined;
    const failure = await connectMcpServer({ name: 'gone', transport: 'http', url, headers: {} }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(McpServerFailed);
    expect((failure as Error).message).toContain(`'gone' (${url})`);
  });
});

describe('openMcpTools', () => {
  it('gives an agent the tools it names, a server wildcard, and refuses a tool the server lacks', async () => {
    const toolbox = await openMcpTools({ servers: [stdioCalc] });
    try {
      expect(toolbox.toolsFor('Clerk', ['read_file', 'calc__add']).map((tool) => tool.name)).toEqual([
        'calc__add',
      ]);
      expect(toolbox.toolsFor('Clerk', ['calc__*', 'calc__add']).map((tool) => tool.name)).toEqual([
        'calc__add',
        'calc__echo',
        'calc__explode',
      ]);
      const failure = (() => {
        try {
          toolbox.toolsFor('Clerk', ['calc__ad']);
        } catch (error) {
          return error;
        }
      })();
      expect(failure).toBeInstanceOf(UnknownMcpTool);
      expect((failure as UnknownMcpTool).message).toContain('its tools: add, echo, explode');
      expect((failure as UnknownMcpTool).hint).toBe("did you mean 'calc__add'?");
    } finally {
      await toolbox.close();
    }
  });

  it('closes the servers that started when another fails', async () => {
    const failure = await openMcpTools({
      servers: [stdioCalc, { ...stdioCalc, name: 'broken', args: [join(here, 'broken-server.ts')] }],
    }).catch((error: unknown) => error);
    expect((failure as McpServerFailed).server).toBe('broken');
  });
});
