import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs a fixture script under test/store/fixtures with this Node, and resolves when it exits. */
export function runChild(script: string, args: readonly string[]): Promise<ChildExit> {
  const path = fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}
