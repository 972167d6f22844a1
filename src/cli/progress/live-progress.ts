import type { StepRecord, StepStart } from '../../workflow/run/workflow-result.ts';
import { observeModelCalls } from './observe-model-calls.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { ProgressState } from './progress-state.ts';
import { renderProgress } from './render-progress.ts';

/** The terminal a live display draws on. */
export interface LiveTerminal {
  readonly write: (text: string) => void;
  /** Its size now (it may change while the run goes). */
  readonly columns: () => number;
  readonly rows: () => number;
  readonly color: boolean;
  readonly now: () => number;
  /** Calls `tick` every `ms` until the returned function is called; default `setInterval` (unref'd). */
  readonly every?: (ms: number, tick: () => void) => () => void;
  /** Registers `restore` to run if the process exits while the display is up; gives the unregister. */
  readonly onExit?: (restore: () => void) => () => void;
}

/** Redraws at most this often (10 per second); the spinner moves at the same pace. */
const FRAME_MS = 100;
const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';
// Terminals that know synchronized output show each frame at once; others ignore the codes.
const BEGIN_FRAME = '\u001b[?2026h';
const END_FRAME = '\u001b[?2026l';
const ERASE_LINE = '\u001b[2K';
const ERASE_BELOW = '\u001b[J';

/**
 * The live step tree on a terminal: redrawn in place (cursor up, erase, rewrite, one write per frame)
 * at most 10 times a second, the cursor hidden while it is up and shown again at the end or on exit.
 * Text printed during the run goes above the tree. The last frame stays on screen after the run.
 *
 * @example
 * const progress = liveProgress('team', { write: (t) => process.stderr.write(t), columns: () => process.stderr.columns, rows: () => process.stderr.rows, color: true, now: Date.now });
 */
export function liveProgress(workflow: string, terminal: LiveTerminal): ProgressReporter {
  const state = new ProgressState(workflow, terminal.now());
  let drawnLines = 0;
  let ended = false;
  const frame = (): string => {
    const text = renderProgress(state, {
      // One column short: a line that fills the last column would wrap on some terminals.
      width: Math.max(20, terminal.columns() - 1),
      height: Math.max(3, terminal.rows() - 1),
      color: terminal.color,
      now: terminal.now(),
    });
    const lines = text.split('\n');
    drawnLines = lines.length;
    return lines.map((line) => `${ERASE_LINE}${line}\n`).join('');
  };
  const erase = (): string => (drawnLines === 0 ? '' : `\r\u001b[${drawnLines}A${ERASE_BELOW}`);
  const draw = (before = ''): void => {
    terminal.write(`${BEGIN_FRAME}${erase()}${before}${frame()}${END_FRAME}`);
  };
  const restore = (): void => terminal.write(SHOW_CURSOR);
  const unregister = terminal.onExit?.(restore) ?? (() => {});
  terminal.write(HIDE_CURSOR);
  draw();
  const stop = (terminal.every ?? everyInterval)(FRAME_MS, () => draw());
  return {
    stepStarted: (start: StepStart) => {
      state.stepStarted(start, terminal.now());
    },
    stepEnded: (record: StepRecord) => {
      state.stepEnded(record, terminal.now());
    },
    observeJournal: (journal) =>
      observeModelCalls(journal, (key, usage, cost) => state.modelCall(key, usage, cost)),
    print: (text) => {
      if (ended) terminal.write(text);
      else draw(text);
    },
    end: (failed) => {
      if (ended) return;
      ended = true;
      stop();
      state.runEnded(failed, terminal.now());
      draw();
      restore();
      unregister();
    },
  };
}

function everyInterval(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  // The display never keeps the process alive on its own.
  timer.unref();
  return () => clearInterval(timer);
}
