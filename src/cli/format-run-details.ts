import { formatUsd } from '../cost/format-usd.ts';
import { formatDuration } from './format-duration.ts';
import type { EffectsSummary, RunDetail, RunDetails, StepSummary } from './run-details.ts';
import { paintState } from './run-state.ts';

const VALUE_LENGTH = 400;

/**
 * `vega show run` for a person: the run's header (id, kind and name, state, owner, times, input,
 * output or error, cost), its steps, and its journal of effects with what a resume would redo or stop
 * on.
 *
 * @example
 * io.stdout(`${formatRunDetails(runDetails(run, events, journal), { color: io.color })}\n`);
 */
export function formatRunDetails(details: RunDetails, options: { color: boolean }): string {
  return [
    ...headerLines(details.run, options.color),
    '',
    ...stepLines(details.steps, details.run),
    '',
    ...effectLines(details.effects, details.run.id),
  ].join('\n');
}

function headerLines(run: RunDetail, color: boolean): string[] {
  const lines = [`run ${run.id}`, field('kind', `${run.kind} ${run.name}`)];
  const state = paintState(run.state, run.state, color);
  lines.push(
    field(
      'status',
      run.state === 'interrupted'
        ? `${state} (stored as running; its process is gone) — finish it with: vega resume ${run.id.slice(0, 8)}`
        : state,
    ),
  );
  const source = run.source as { file?: unknown; workflow?: unknown } | undefined;
  if (typeof source?.file === 'string') {
    lines.push(
      field(
        'source',
        `${source.file}${typeof source.workflow === 'string' ? ` (workflow ${source.workflow})` : ''}`,
      ),
    );
  }
  if (run.parentId !== undefined) lines.push(field('parent', run.parentId));
  if (run.owner !== undefined) lines.push(field('owner', run.owner));
  lines.push(field('created', run.createdAt));
  if (run.endedAt !== undefined)
    lines.push(field('ended', `${run.endedAt} (${formatDuration(run.durationMs ?? 0)})`));
  lines.push(field('input', shown(run.input)));
  if (run.output !== undefined) lines.push(field('output', shown(run.output)));
  if (run.error !== undefined) {
    const code = run.error.code === undefined ? '' : ` (${run.error.code})`;
    lines.push(field('error', `${run.error.name}${code}: ${indented(run.error.message)}`));
    const hint = run.error.details?.hint;
    if (typeof hint === 'string') lines.push(field('hint', indented(hint)));
  }
  const unpriced =
    run.unpricedCalls === 0 ? '' : ` (and ${plural(run.unpricedCalls, 'model call')} without a price)`;
  const sofar = run.endedAt === undefined ? ' so far' : '';
  lines.push(field('cost', `${formatUsd(run.costUsd)}${sofar}${unpriced}`));
  return lines;
}

function stepLines(steps: readonly StepSummary[], run: RunDetail): string[] {
  if (steps.length === 0) {
    return [
      run.kind === 'workflow'
        ? 'steps: none started'
        : `steps: none in the event log (a ${run.kind} run records its work as effects)`,
    ];
  }
  const labels = steps.map(stepLabel);
  const width = Math.max(...labels.map((label) => label.length));
  const unfinished = run.state === 'running' ? 'running' : 'did not finish';
  const durations = steps.map((step) => (step.finished ? formatDuration(step.durationMs ?? 0) : unfinished));
  const durationWidth = Math.max(...durations.map((duration) => duration.length));
  const lines = [`steps (${steps.length})`];
  steps.forEach((step, position) => {
    const mark = step.finished ? (step.error === undefined ? '✓' : '✗') : '…';
    const facts = [
      durations[position]!.padStart(durationWidth),
      formatUsd(step.costUsd),
      ...(step.modelCalls === 0 ? [] : [plural(step.modelCalls, 'model call')]),
      ...(step.toolCalls === 0 ? [] : [plural(step.toolCalls, 'tool call')]),
      ...(step.error === undefined ? [] : [`error: ${step.error.split('\n', 1)[0]}`]),
    ];
    lines.push(`  ${mark} ${labels[position]!.padEnd(width)}  ${facts.join(' · ')}`);
  });
  return lines;
}

/** `#1 Writer drafts the greeting`, `#3 set`, `#2 review (Editor)`. */
function stepLabel(step: StepSummary): string {
  const who = step.agent ?? step.kind;
  const what = step.description === undefined ? who : `${who} ${step.description}`;
  return step.id === undefined ? `#${step.index + 1} ${what}` : `#${step.index + 1} ${step.id} (${what})`;
}

function effectLines(effects: EffectsSummary, runId: string): string[] {
  if (effects.total === 0) return ['effects: none in the journal'];
  const lines = [
    `effects (${effects.total} in the journal: ${plural(effects.modelCalls, 'model call')}, ${plural(effects.toolCalls, 'tool call')})`,
  ];
  const kinds = Object.entries(effects.byKind);
  const width = Math.max(...kinds.map(([kind]) => kind.length));
  for (const [kind, counts] of kinds) {
    const parts = (['completed', 'failed', 'started'] as const)
      .filter((status) => counts[status] > 0)
      .map((status) => `${counts[status]} ${status === 'started' ? 'unfinished' : status}`);
    lines.push(`  ${kind.padEnd(width)}  ${parts.join(', ')}`);
  }
  if (effects.unfinished.length === 0) {
    lines.push('  every effect that started has ended');
    return lines;
  }
  lines.push(`  started and never ended (vega resume ${runId.slice(0, 8)} redoes or stops on them):`);
  for (const effect of effects.unfinished) {
    const what =
      effect.onResume === 'redo'
        ? 'idempotent: a resume runs it again'
        : 'not idempotent: a resume stops here, since whether it happened is unknown';
    lines.push(`    #${effect.seq} ${effect.kind} ${effect.key} — ${what}`);
  }
  return lines;
}

function field(name: string, value: string): string {
  return `  ${name.padEnd(8)} ${value}`;
}

/** A value on one line, JSON, cut to a length a terminal shows. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  if (json.length <= VALUE_LENGTH) return json;
  return `${json.slice(0, VALUE_LENGTH)}… (${json.length - VALUE_LENGTH} more characters; -o json shows all)`;
}

/** Continuation lines of a multi-line value, under its first line. */
function indented(text: string): string {
  return text.split('\n').join(`\n${' '.repeat(11)}`);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
