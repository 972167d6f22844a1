import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * The test MCP server: `add` (a sum as text), `echo` (its text back, read-only), `explode` (always an
 * `isError` result). Served over stdio by `calc-server.ts` and over HTTP by `http-calc-server.ts`.
 */
export function calcServer(): McpServer {
  const server = new McpServer({ name: 'calc', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Adds two numbers', inputSchema: { a: z.number(), b: z.number() } },
    async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  server.registerTool(
    'echo',
    {
      description: 'Returns its text',
      inputSchema: { text: z.string() },
      annotations: { readOnlyHint: true },
    },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool('explode', { description: 'Always fails' }, async () => ({
    content: [{ type: 'text', text: 'the disk is on fire' }],
    isError: true,
  }));
  return server;
}
