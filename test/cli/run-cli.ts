import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';

/** What one in-process `vega` invocation printed and returned. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output and a controlled environment (no API keys unless given). */
export async function runCli(
  argv: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    // Runs are kept in memory unless a test names a store: tests never write into the working tree.
    env: { VEGA_STORE: ':memory:', ...options.env },
    cwd: options.cwd,
    color: false,
  });
  return { exitCode, stdout, stderr };
}

/** A temporary folder with the given files; remove it with the returned `cleanup`. */
export async function temporaryFolder(
  files: Record<string, string>,
): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'vega-cli-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(path, name), text);
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
