import { createRedactor, type Redactor } from './redactor.ts';

/** The output side of a command's IO: where it writes, and the environment its secrets come from. */
export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The same IO with everything written to stdout and stderr redacted: reports, summaries, error
 * messages, progress lines. Text without a secret is written as it is (one scan, no copy).
 *
 * @example
 * const io = redactedOutput(processIo()); // io.stderr('key sk-ant-…') writes 'key [REDACTED]'
 */
export function redactedOutput<Io extends CommandOutput>(
  io: Io,
  redactor: Redactor = createRedactor({ env: io.env }),
): Io {
  const { stdout, stderr } = io;
  return {
    ...io,
    stdout: (text) => stdout(redactor.text(text)),
    stderr: (text) => stderr(redactor.text(text)),
  };
}
