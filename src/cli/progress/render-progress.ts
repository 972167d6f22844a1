import { formatUsd } from '../../cost/format-usd.ts';
import type { ProgressState, ProgressStep } from './progress-state.ts';

/** How {@link renderProgress} draws. */
export interface RenderOptions {
  /** Columns: every line is cut to fit. */
  readonly width: number;
  /** Rows the frame may take at most (the tree is cut to fit, finished steps first); default no limit. */
  readonly height?: number;
  /** SGR colours (off for `NO_COLOR`). */
  readonly color: boolean;
  /** The clock's time: elapsed times and the spinner's frame are computed from it. */
  readonly now: number;
}

/** Spinner frames, one every 100 ms. */
export const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'] as const;

/**
 * The progress frame of a run: a header line with the totals, then the step tree (nested blocks
 * indented, parallel branches as siblings tagged `[i]`), each line with a spinner or ✓/✗, the elapsed
 * time, tokens and cost. A pure function of the state and the options: no ANSI cursor codes, lines
 * joined with `\n`, no trailing newline.
 *
 * @example
 * renderProgress(state, { width: process.stderr.columns, color: true, now: Date.now() });
 * // "⠋ team · 1/3 steps · 2.3s · 420 tokens · $0.0040\n  ✓ research (researcher)   1.1s · 420 tok · $0.0040\n  ⠋ writer   1.2s"
 */
export function renderProgress(state: ProgressState, options: RenderOptions): string {
  const paint = painter(options.color);
  const spinner = SPINNER[Math.floor(options.now / 100) % SPINNER.length] ?? SPINNER[0];
  const icon = (status: ProgressStep['status']): string =>
    status === 'running' ? paint('36', spinner) : status === 'done' ? paint('32', '✓') : paint('31', '✗');
  const runStatus = state.endedAt === undefined ? 'running' : state.failed ? 'failed' : 'done';
  const header = fitLine(
    `${icon(runStatus)} ${paint('1', state.workflow)}`,
    [
      `${state.finished} step${state.finished === 1 ? '' : 's'} done`,
      formatElapsed((state.endedAt ?? options.now) - state.startedAt),
      ...amounts(state.tokens, state.usd, 'tokens'),
    ].join(' · '),
    options.width,
    paint,
  );
  const rows = flatten(state.roots);
  const shown = cutToHeight(rows, options.height === undefined ? undefined : options.height - 1);
  const lines = shown.map((row) => {
    if (typeof row === 'string') return fitLine(paint('2', row), '', options.width, paint);
    const step = row;
    const left = `${'  '.repeat(step.depth + 1)}${icon(step.status)} ${step.branch === '' ? '' : `${paint('2', step.branch)} `}${step.label}`;
    const right = [
      formatElapsed((step.endedAt ?? options.now) - step.startedAt),
      ...amounts(step.tokens, step.usd, 'tok'),
    ].join(' · ');
    return fitLine(left, right, options.width, paint);
  });
  return [header, ...lines].join('\n');
}

/** A duration in a fixed short form: `0.4s`, `12.3s`, `2m05s`, `1h02m`. */
export function formatElapsed(milliseconds: number): string {
  const tenths = Math.max(0, Math.floor(milliseconds / 100));
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.floor(tenths / 10);
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  const minutes = Math.floor(seconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

function amounts(tokens: number, usd: number | undefined, unit: string): string[] {
  if (tokens === 0 && usd === 0) return [];
  return [`${tokens.toLocaleString('en-US')} ${unit}`, formatUsd(usd)];
}

function flatten(steps: readonly ProgressStep[]): ProgressStep[] {
  return steps.flatMap((step) => [step, ...flatten(step.children)]);
}

/** At most `limit` rows: finished steps go first (oldest first), then the tail; a note says how many. */
function cutToHeight(rows: ProgressStep[], limit: number | undefined): (ProgressStep | string)[] {
  if (limit === undefined || rows.length <= limit) return rows;
  const room = Math.max(0, limit - 1);
  let hidden = rows.length - room;
  const kept = rows.filter((row) => {
    if (hidden > 0 && row.status !== 'running') {
      hidden -= 1;
      return false;
    }
    return true;
  });
  const shown = kept.slice(0, room);
  return [...shown, `  … ${rows.length - shown.length} more steps`];
}

type Paint = (code: string, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
}

/** The escape character, kept out of regex literals (where a linter flags control characters). */
const ESC = '\u001b';
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
const SGR_SPLIT = new RegExp(`(${ESC}\\[[0-9;]*m)`);

/** `left` and `right` on one line of `width` columns: `right` flush right (dimmed), `left` cut with `…`. */
function fitLine(left: string, right: string, width: number, paint: Paint): string {
  const rightWidth = visibleLength(right);
  const room = right === '' ? width : width - rightWidth - 2;
  if (room < 8) return cut(left, width);
  const leftCut = cut(left, room);
  if (right === '') return leftCut;
  const gap = Math.max(2, width - visibleLength(leftCut) - rightWidth);
  return `${leftCut}${' '.repeat(gap)}${paint('2', right)}`;
}

function visibleLength(text: string): number {
  let length = 0;
  for (const _ of text.replace(SGR, '')) length += 1;
  return length;
}

/** Cuts `text` (which may hold SGR codes) to `width` visible characters, the last one `…`. */
function cut(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  let out = '';
  let visible = 0;
  let colored = false;
  for (const part of text.split(SGR_SPLIT)) {
    if (part.startsWith('\u001b[')) {
      out += part;
      colored = part !== '\u001b[0m';
      continue;
    }
    for (const character of part) {
      if (visible === width - 1) return `${out}…${colored ? '\u001b[0m' : ''}`;
      out += character;
      visible += 1;
    }
  }
  return out;
}
