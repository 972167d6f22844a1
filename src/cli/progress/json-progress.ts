import type { StepRecord, StepStart } from '../../workflow/run/workflow-result.ts';
import type { ProgressOutput } from './line-progress.ts';
import { observeModelCalls } from './observe-model-calls.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { ProgressState, type ProgressStep } from './progress-state.ts';

/**
 * `--progress json`: progress as JSON lines on stderr, for tools — `{"type":"step-started",…}`,
 * `{"type":"step-ended","status":"done"|"failed",…}` and `{"type":"run-ended",…}`, each with `at` (ms).
 * Other stderr text is passed through as `{"type":"message","text":…}` so every line parses.
 *
 * @example
 * const progress = jsonProgress('team', { write: io.stderr, now: Date.now });
 */
export function jsonProgress(workflow: string, output: ProgressOutput): ProgressReporter {
  const state = new ProgressState(workflow, output.now());
  const emit = (event: Record<string, unknown>): void => output.write(`${JSON.stringify(event)}\n`);
  const ended = (step: ProgressStep): void =>
    emit({
      type: 'step-ended',
      at: step.endedAt,
      key: step.key,
      status: step.status,
      durationMs: Math.round((step.endedAt ?? output.now()) - step.startedAt),
      tokens: step.tokens,
      ...(step.usd === undefined ? {} : { usd: step.usd }),
    });
  return {
    stepStarted: (start: StepStart) => {
      const step = state.stepStarted(start, output.now());
      emit({ type: 'step-started', at: step.startedAt, key: step.key, label: step.label, kind: start.kind });
    },
    stepEnded: (record: StepRecord) => {
      const { step, cutShort } = state.stepEnded(record, output.now());
      cutShort.forEach(ended);
      if (step !== undefined) ended(step);
    },
    observeJournal: (journal) =>
      observeModelCalls(journal, (key, usage, cost) => state.modelCall(key, usage, cost)),
    print: (text) => {
      const trimmed = text.replace(/\n+$/, '');
      if (trimmed !== '') emit({ type: 'message', text: trimmed });
    },
    end: (failed) => {
      const at = output.now();
      state.runEnded(failed, at).forEach(ended);
      emit({
        type: 'run-ended',
        at,
        workflow,
        status: failed ? 'failed' : 'done',
        durationMs: Math.round(at - state.startedAt),
        tokens: state.tokens,
        ...(state.usd === undefined ? {} : { usd: state.usd }),
      });
    },
  };
}
