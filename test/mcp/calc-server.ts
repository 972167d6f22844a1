// A stdio MCP server for tests: `node test/mcp/calc-server.ts`.

import { appendFileSync } from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { calcServer } from './calc-tools.ts';

// Tests that check the server is stopped learn its pid here.
if (process.env.CALC_PID_FILE !== undefined) appendFileSync(process.env.CALC_PID_FILE, `${process.pid}\n`);

await calcServer().connect(new StdioServerTransport());
