import { spawn } from 'node:child_process';

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  /** The folder the command runs in. */
  readonly cwd: string;
  /** Killed (SIGKILL) after this many milliseconds. */
  readonly timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; the rest is dropped and the result says so. */
  readonly maxOutputBytes: number;
  /** Aborting kills the process. */
  readonly signal: AbortSignal;
  /** The environment of the process; default {@link minimalEnvironment}. */
  readonly env?: NodeJS.ProcessEnv;
}

/** What a finished command came to, as the model reads it. */
export interface ProcessResult {
  /** The exit code; null when the process was killed by a signal. */
  readonly exit_code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Present and true when the command ran past its timeout and was killed. */
  readonly timed_out?: true;
  /** Present and true when stdout or stderr was longer than the cap and was cut. */
  readonly truncated?: true;
}

/**
 * Runs `command` with `args` as an argument vector — no shell, so nothing in an argument is ever
 * interpreted — in `cwd`, killing it after `timeoutMs` or when `signal` aborts, and keeping at most
 * `maxOutputBytes` of each output stream. A non-zero exit is a result, not an error: the model reads
 * stderr and can react. A command that cannot be started (not found) rejects.
 *
 * @example
 * const result = await runProcess('git', ['status', '--short'], { cwd, timeoutMs: 30_000, maxOutputBytes: 65_536, signal });
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions,
): Promise<ProcessResult> {
  options.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? minimalEnvironment(),
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdout = new CappedText(options.maxOutputBytes);
    const stderr = new CappedText(options.maxOutputBytes);
    let timedOut = false;
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    const onAbort = (): void => kill();
    options.signal.addEventListener('abort', onAbort, { once: true });
    const cleanUp = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.once('error', (error) => {
      cleanUp();
      reject(error);
    });
    child.once('close', (code) => {
      cleanUp();
      if (options.signal.aborted) {
        reject(options.signal.reason);
        return;
      }
      resolve({
        exit_code: code,
        stdout: stdout.text(),
        stderr: stderr.text(),
        ...(timedOut ? { timed_out: true } : {}),
        ...(stdout.truncated || stderr.truncated ? { truncated: true } : {}),
      });
    });
  });
}

/**
 * The environment commands run with: enough to find programs and pick a locale, and nothing else —
 * API keys and other secrets of the Vega process are not handed to commands a model chose to run.
 *
 * @example
 * spawn('git', ['status'], { env: minimalEnvironment() });
 */
export function minimalEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'PATHEXT']) {
    if (source[name] !== undefined) kept[name] = source[name];
  }
  return kept;
}

/** Collects a stream's bytes up to a cap; decoding waits for the end so a cut never splits a character. */
class CappedText {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  readonly #cap: number;
  truncated = false;

  constructor(cap: number) {
    this.#cap = cap;
  }

  add(chunk: Buffer): void {
    const room = this.#cap - this.#size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.#chunks.push(kept);
    this.#size += kept.length;
  }

  text(): string {
    // A cut can end inside a multi-byte character; the decoder replaces that tail with U+FFFD.
    return new TextDecoder().decode(Buffer.concat(this.#chunks));
  }
}
