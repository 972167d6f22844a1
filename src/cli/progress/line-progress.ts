import { formatUsd } from '../../cost/format-usd.ts';
import type { StepRecord, StepStart } from '../../workflow/run/workflow-result.ts';
import { formatDuration } from '../format-duration.ts';
import { observeModelCalls } from './observe-model-calls.ts';
import type { ProgressReporter } from './progress-reporter.ts';
import { ProgressState, type ProgressStep } from './progress-state.ts';

/** Where a line or JSON progress reporter writes, and its clock. */
export interface ProgressOutput {
  readonly write: (text: string) => void;
  readonly now: () => number;
}

/**
 * Progress as plain lines, for a pipe or `TERM=dumb`: one line when a step starts, one when it ends
 * (with its duration, tokens and cost), keyed by the step's journal position. No ANSI codes.
 *
 * @example
 * const progress = lineProgress('team', { write: io.stderr, now: Date.now });
 * // "▸ step-0 research (researcher)" … "✓ step-0 research (researcher) · 1.20 s · 420 tokens · $0.0040"
 */
export function lineProgress(workflow: string, output: ProgressOutput): ProgressReporter {
  const state = new ProgressState(workflow, output.now());
  const ended = (step: ProgressStep): void => {
    const amounts =
      step.tokens === 0 && step.usd === 0 ? '' : ` · ${step.tokens} tokens · ${formatUsd(step.usd)}`;
    const duration = formatDuration((step.endedAt ?? output.now()) - step.startedAt);
    output.write(`${step.status === 'done' ? '✓' : '✗'} ${describe(step)} · ${duration}${amounts}\n`);
  };
  return {
    stepStarted: (start: StepStart) => {
      output.write(`▸ ${describe(state.stepStarted(start, output.now()))}\n`);
    },
    stepEnded: (record: StepRecord) => {
      const { step, cutShort } = state.stepEnded(record, output.now());
      cutShort.forEach(ended);
      if (step !== undefined) ended(step);
    },
    observeJournal: (journal) =>
      observeModelCalls(journal, (key, usage, cost) => state.modelCall(key, usage, cost)),
    print: output.write,
    end: (failed) => state.runEnded(failed, output.now()).forEach(ended),
  };
}

function describe(step: ProgressStep): string {
  return `${step.key} ${step.label}`;
}
