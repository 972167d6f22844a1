// A stdio "MCP server" for tests that fails as it starts, explaining why on stderr.
process.stderr.write('calc: cannot open database /var/calc.db: permission denied\n');
process.exit(3);
