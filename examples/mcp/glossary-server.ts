// A tiny MCP server over stdio for examples/mcp.vega.yaml: a team glossary with two tools,
// `define` (one term's definition) and `terms` (every term it knows). Vega starts it as
// `node mcp/glossary-server.ts` and offers its tools to agents as `glossary__define` and
// `glossary__terms`. Try it alone: npx @modelcontextprotocol/inspector node examples/mcp/glossary-server.ts
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const GLOSSARY: Readonly<Record<string, string>> = {
  idempotent: 'An operation that has the same effect whether it runs once or many times.',
  journal: 'The record of every effect of a durable run, written before and after the effect.',
  supervisor: 'A process that restarts, stops or escalates the failures of the processes it watches.',
};

const server = new McpServer({ name: 'glossary', version: '1.0.0' });

server.registerTool(
  'define',
  {
    description: 'The team glossary definition of one term',
    inputSchema: { term: z.string().describe('The term to define, e.g. "idempotent"') },
  },
  async ({ term }) => {
    const definition = GLOSSARY[term.trim().toLowerCase()];
    if (definition === undefined) {
      return {
        isError: true,
        content: [
          {
            type: 'text',
            text: `'${term}' is not in the glossary; known terms: ${Object.keys(GLOSSARY).join(', ')}`,
          },
        ],
      };
    }
    return { content: [{ type: 'text', text: definition }] };
  },
);

server.registerTool('terms', { description: 'Every term in the team glossary' }, async () => ({
  content: [{ type: 'text', text: Object.keys(GLOSSARY).join(', ') }],
}));

await server.connect(new StdioServerTransport());
