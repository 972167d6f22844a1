import { formatUsd } from '../cost/format-usd.ts';
import type { RunRecord } from '../spec/store.ts';
import { formatDuration } from './format-duration.ts';
import { formatWhen } from './format-when.ts';
import { paintState, runState } from './run-state.ts';

const HEADERS = ['ID', 'STATUS', 'KIND', 'NAME', 'STARTED', 'DURATION', 'COST'] as const;
const NOTE_LENGTH = 100;

/**
 * The runs as a table, newest first as given: short id, state (coloured with `color`), kind, name,
 * when it started, how long it took, what it cost, and a note — the error's first line for a failed
 * run, `vega resume <id>` for an interrupted one.
 *
 * @example
 * io.stdout(`${formatRuns(await store.listRuns(), { color: io.color, now: Date.now() })}\n`);
 */
export function formatRuns(runs: readonly RunRecord[], options: { color: boolean; now: number }): string {
  const rows = runs.map((run) => {
    const state = runState(run);
    const cells = [
      run.id.slice(0, 8),
      state,
      run.kind,
      run.name,
      formatWhen(run.createdAt, options.now),
      durationOf(run, state === 'running', options.now),
      formatUsd(run.costNanoUsd / 1e9),
    ];
    return { state, cells, note: noteOf(run, state) };
  });
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row.cells[column]!.length)),
  );
  const line = (cells: readonly string[], paintStatus: (text: string) => string, note: string) =>
    cells
      .map((cell, column) => {
        const padded = cell.padEnd(widths[column]!);
        return column === 1 ? paintStatus(padded) : padded;
      })
      .concat(note === '' ? [] : [note])
      .join('  ')
      .trimEnd();
  return [
    line(HEADERS, (text) => text, ''),
    ...rows.map((row) => line(row.cells, (text) => paintState(row.state, text, options.color), row.note)),
  ].join('\n');
}

function durationOf(run: RunRecord, running: boolean, now: number): string {
  if (run.endedAt !== undefined) return formatDuration(run.endedAt - run.createdAt);
  return running ? `${formatDuration(now - run.createdAt)}…` : '—';
}

function noteOf(run: RunRecord, state: string): string {
  if (state === 'interrupted') return `its process is gone: vega resume ${run.id.slice(0, 8)}`;
  if (run.error === undefined || state === 'completed') return '';
  const first = run.error.message.split('\n', 1)[0] ?? '';
  return first.length > NOTE_LENGTH ? `${first.slice(0, NOTE_LENGTH - 1)}…` : first;
}
