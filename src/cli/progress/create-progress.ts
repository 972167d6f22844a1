import type { CliIo } from '../cli-io.ts';
import { chooseProgress, type ProgressMode } from './choose-progress.ts';
import { jsonProgress } from './json-progress.ts';
import { lineProgress } from './line-progress.ts';
import { liveProgress } from './live-progress.ts';
import { type ProgressReporter, silentProgress } from './progress-reporter.ts';

/** What {@link createProgress} needs besides the io. */
export interface ProgressRequest {
  readonly workflow: string;
  readonly mode: ProgressMode;
  readonly quiet: boolean;
  readonly output: 'text' | 'json' | 'yaml';
  /** The clock elapsed times are read from, in ms since the epoch (JSON progress gives it as `at`); default `Date.now`. */
  readonly now?: () => number;
}

/**
 * The progress reporter of one `vega run`, as {@link chooseProgress} picks it for the io's stderr.
 *
 * @example
 * const progress = createProgress(io, { workflow: 'team', mode: 'auto', quiet: false, output: 'text' });
 */
export function createProgress(io: CliIo, request: ProgressRequest): ProgressReporter {
  const target = io.stderrTarget;
  const mode = chooseProgress(request.mode, {
    quiet: request.quiet,
    output: request.output,
    stderr: target?.kind,
    term: io.env.TERM,
  });
  const now = request.now ?? Date.now;
  const output = { write: io.stderr, now };
  if (mode === 'lines') return lineProgress(request.workflow, output);
  if (mode === 'json') return jsonProgress(request.workflow, output);
  if (mode === 'tree' && target?.kind === 'terminal') {
    return liveProgress(request.workflow, {
      write: io.stderr,
      columns: () => target.size().columns,
      rows: () => target.size().rows,
      color: io.color,
      now,
      onExit: (restore) => {
        process.on('exit', restore);
        return () => process.off('exit', restore);
      },
    });
  }
  return silentProgress(io.stderr);
}
