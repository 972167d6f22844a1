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
}

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
  };
}
