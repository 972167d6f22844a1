/** What `--progress` accepts. */
export type ProgressMode = 'auto' | 'tree' | 'lines' | 'json' | 'none';

/** The progress modes, for the command line's checks and help. */
export const PROGRESS_MODES: readonly ProgressMode[] = ['auto', 'tree', 'lines', 'json', 'none'];

/** What decides the progress display besides `--progress`. */
export interface ProgressContext {
  /** `--quiet`: no progress unless `--progress` asks for it. */
  readonly quiet: boolean;
  /** `--output`: with `json` or `yaml`, a pipe gets no progress unless asked (stdout is the report). */
  readonly output: 'text' | 'json' | 'yaml';
  /** What stderr is; absent (in-process callers) means no progress unless asked. */
  readonly stderr: 'terminal' | 'pipe' | undefined;
  /** `TERM`: `dumb` cannot move the cursor, so it gets lines. */
  readonly term: string | undefined;
}

/**
 * The display `vega run` uses: the live tree on a terminal that can move its cursor, lines on a pipe
 * (none there with `--output json|yaml`), nothing with `--quiet`; an explicit `--progress` wins, except
 * that the tree needs a terminal (lines instead).
 *
 * @example
 * chooseProgress('auto', { quiet: false, output: 'text', stderr: 'pipe', term: 'xterm' }); // 'lines'
 */
export function chooseProgress(
  requested: ProgressMode,
  context: ProgressContext,
): Exclude<ProgressMode, 'auto'> {
  const canDraw = context.stderr === 'terminal' && context.term !== 'dumb';
  if (requested === 'tree') return canDraw ? 'tree' : 'lines';
  if (requested !== 'auto') return requested;
  if (context.quiet || context.stderr === undefined) return 'none';
  if (canDraw) return 'tree';
  return context.output === 'text' ? 'lines' : 'none';
}
