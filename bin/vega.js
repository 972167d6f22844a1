#!/usr/bin/env node
// The `vega` command. Plain JavaScript, so that an old Node gets a clear message instead of a syntax error.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `error: Vega needs Node 24 or newer, but this is Node ${process.versions.node}.\n` +
      '  hint: run it through npm so the project-local Node 24 is used: `npx vega ...`\n',
  );
  process.exit(2);
}
// Compiled code is cached between runs (in the OS temp folder): start-up takes about half as long.
(await import('node:module')).enableCompileCache?.();
const { main } = await import('../src/cli/main.ts');
const { processIo } = await import('../src/cli/cli-io.ts');
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.exitCode = await main(process.argv.slice(2), processIo(controller.signal));
