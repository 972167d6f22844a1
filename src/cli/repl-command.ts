import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { REPL_HISTORY_SIZE, readReplHistory, replHistoryFile, writeReplHistory } from './repl-history.ts';
import { describeContents, ReplSession } from './repl-session.ts';
import { reportError } from './report-error.ts';

/** Options of `vega repl`. */
export interface ReplOptions {
  /** `--model`: replaces every agent's model. */
  readonly model?: string;
  /** Stack traces on errors. */
  readonly verbose?: boolean;
}

/** What the REPL shows before each line, on a terminal. */
export const REPL_PROMPT = 'vega> ';

/**
 * `vega repl [FILE]`: reads lines from standard input and carries each out (see {@link ReplSession}):
 * talk to the file's agents, run its workflows, save and show variables. On a terminal it shows the
 * `vega> ` prompt, edits lines and keeps their history in `$VEGA_HOME/repl_history` (default
 * `~/.vega/repl_history`); from a pipe it reads one command per line and prints only the results. An
 * error in a line is printed and the REPL goes on; `exit`, Ctrl-D or the end of the input leave it.
 * Ctrl-C stops the line that is running, or clears the line being typed.
 *
 * @example
 * process.exitCode = await replCommand('team.vega.yaml', {}, processIo());
 */
export async function replCommand(
  file: string | undefined,
  options: ReplOptions,
  io: CliIo,
): Promise<number> {
  const stdin = io.stdin;
  if (stdin === undefined) {
    throw new CommandLineError('vega repl reads commands from standard input, and there is none here.');
  }
  const session = new ReplSession(io, options.model === undefined ? {} : { model: options.model });
  try {
    // A file that does not load is a bad command line: exit 2 before the first prompt.
    const document = file === undefined ? undefined : await session.load(file, io.signal);
    const terminal = stdin.isTerminal;
    const historyFile = replHistoryFile(io.env);
    const output = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        io.stdout(String(chunk));
        done();
      },
    });
    const lines = createInterface({
      input: stdin.stream,
      output,
      terminal,
      prompt: REPL_PROMPT,
      history: terminal ? await readReplHistory(historyFile) : [],
      historySize: REPL_HISTORY_SIZE,
      removeHistoryDuplicates: true,
    });
    let saving = Promise.resolve<Error | undefined>(undefined);
    lines.on('history', (history: string[]) => {
      saving = saving.then(() => writeReplHistory(historyFile, history));
    });
    // Ctrl-C outside a terminal (and any other end of the command) also ends the wait for a line.
    const stop = () => lines.close();
    io.signal?.addEventListener('abort', stop, { once: true });
    let running: AbortController | undefined;
    lines.on('SIGINT', () => {
      if (running !== undefined) running.abort(new DOMException('interrupted', 'AbortError'));
      else {
        lines.write(null, { ctrl: true, name: 'u' });
        io.stdout('\n(type exit or press Ctrl-D to leave)\n');
        lines.prompt();
      }
    });
    if (terminal) {
      const loaded =
        document === undefined ? 'no file loaded (load FILE)' : `${file}: ${describeContents(document)}`;
      io.stdout(`Vega REPL · ${loaded} · help for the commands, exit or Ctrl-D to leave\n`);
      lines.prompt();
    }
    try {
      for await (const line of lines) {
        running = new AbortController();
        const signal =
          io.signal === undefined ? running.signal : AbortSignal.any([running.signal, io.signal]);
        try {
          if ((await session.execute(line, signal)) === 'exit') break;
        } catch (error) {
          io.stderr(`${reportError(error, { verbose: options.verbose ?? false, color: io.color }).text}\n`);
        } finally {
          running = undefined;
        }
        if (io.signal?.aborted === true) break;
        if (terminal) lines.prompt();
      }
    } finally {
      io.signal?.removeEventListener('abort', stop);
      lines.close();
      const failure = await saving;
      if (failure !== undefined) io.stderr(`warning: the REPL history was not saved: ${failure.message}\n`);
    }
    if (terminal) io.stdout('\n');
    return 0;
  } finally {
    await session.close();
  }
}
