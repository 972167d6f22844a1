// A stdio MCP server for tests: `node test/mcp/calc-server.ts`.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { calcServer } from './calc-tools.ts';

await calcServer().connect(new StdioServerTransport());
