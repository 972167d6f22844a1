import type { Environment } from '../model/registry/model-registry.ts';

/** The world a command runs in, injected so tests run the CLI in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  readonly cwd: string;
  /** Whether stderr is a terminal that takes colour (and NO_COLOR is unset). */
  readonly color: boolean;
  /** Ends the run on Ctrl-C. */
  readonly signal?: AbortSignal;
  /** The `fetch` provider adapters use; tests point it nowhere else than 127.0.0.1. */
  readonly fetch?: typeof globalThis.fetch;
  /** Standard input; absent means there is none (in-process tests), so it is never read. */
  readonly stdin?: CliInput;
  /**
   * What stderr is, for `vega run`'s progress display: a terminal (with its size now) or a pipe or file.
   * Absent (in-process tests): no progress unless `--progress` asks for it.
   */
  readonly stderrTarget?: StderrTarget;
}

/** A terminal (the live tree can be drawn on it) or a pipe or file (plain lines). */
export type StderrTarget =
  | { readonly kind: 'terminal'; size(): { readonly columns: number; readonly rows: number } }
  | { readonly kind: 'pipe' };

/** Standard input as the commands see it. */
export interface CliInput {
  /** Whether it is a terminal (then `vega run` never reads it as `input`). */
  readonly isTerminal: boolean;
  /** The stream itself: what `vega repl` reads lines from. */
  readonly stream: NodeJS.ReadableStream;
}

/** The real process's IO. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    color: process.stderr.isTTY === true && process.env.NO_COLOR === undefined && process.env.CI !== 'true',
    ...(signal === undefined ? {} : { signal }),
    stdin: { isTerminal: process.stdin.isTTY === true, stream: process.stdin },
    stderrTarget:
      process.stderr.isTTY === true
        ? {
            kind: 'terminal',
            // A terminal that does not say its size (0) is taken as 80 x 24.
            size: () => ({ columns: process.stderr.columns || 80, rows: process.stderr.rows || 24 }),
          }
        : { kind: 'pipe' },
  };
}
