/**
 * `node bin/vega.js ...` as a child process the test can kill at any moment. Every child started here is
 * tracked until it has exited, so a failing test can kill what it left behind ({@link killLeftovers}).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `vega` command of this repository, absolute. */
export const VEGA_BIN = fileURLToPath(new URL('../../../bin/vega.js', import.meta.url));

/** How a child ended and what it printed. */
export interface VegaExit {
  /** The exit code, or `null` when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `vega` child. */
export interface VegaProcess {
  readonly child: ChildProcess;
  /** Resolves when the child has exited and its output is closed. */
  readonly exited: Promise<VegaExit>;
  /** Sends SIGKILL (a no-op once it has exited) and waits for the exit. */
  kill(): Promise<VegaExit>;
}

const live = new Set<ChildProcess>();

/**
 * Starts `node bin/vega.js <args>` in `cwd` with exactly `env` (nothing inherited, so no real key or
 * proxy can reach a provider). A child still running after `timeoutMs` is killed.
 */
export function startVega(
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    readonly timeoutMs?: number;
  },
): VegaProcess {
  const child = spawn(process.execPath, [VEGA_BIN, ...args], {
    cwd: options.cwd,
    env: { ...options.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
  });
  live.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<VegaExit>((resolve, reject) => {
    child.once('error', (error) => {
      live.delete(child);
      reject(error);
    });
    child.once('close', (code, signal) => {
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    exited,
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Kills every child started by {@link startVega} that has not exited, and waits for them. */
export async function killLeftovers(): Promise<void> {
  const waits = [...live].map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('close', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
}
