import type { EffectJournal } from '../../spec/effect-journal.ts';
import type { StepRecord, StepStart } from '../../workflow/run/workflow-result.ts';

/**
 * What `vega run` tells the progress display, and how everything else it prints on stderr during the
 * run gets there without breaking the display. One per run.
 *
 * @example
 * const progress = lineProgress('team', { write: io.stderr, now: Date.now });
 * runWorkflow(document, { journal: { journal: progress.observeJournal(journal), runId }, onStepStart: (s) => progress.stepStarted(s), onStepEnd: (r) => progress.stepEnded(r) });
 * progress.end(false);
 */
export interface ProgressReporter {
  stepStarted(start: StepStart): void;
  stepEnded(record: StepRecord): void;
  /** The run's journal, watched for model calls (tokens and cost as they happen); as is when nothing is shown. */
  observeJournal<Journal extends EffectJournal>(journal: Journal): Journal;
  /** Text for stderr (a policy event, an error report), shown above a live display. */
  print(text: string): void;
  /** The run ended (once); a live display draws its last frame and gives the terminal back. */
  end(failed: boolean): void;
}

/** `--progress none` (and `--quiet`): nothing shown; `print` still writes. */
export function silentProgress(write: (text: string) => void): ProgressReporter {
  return {
    stepStarted: () => {},
    stepEnded: () => {},
    observeJournal: (journal) => journal,
    print: write,
    end: () => {},
  };
}
