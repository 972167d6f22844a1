import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/spec/store.ts';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { useDurableCli } from '../durable/durable-cli.ts';

const WORKFLOW = `agents:
  Critic: { model: claude-haiku-4-5, system: You rate. }
  Writer: { model: claude-sonnet-4-5, system: You write. }
workflows:
  review:
    steps:
      - Critic: Rate it
      - Writer: Write it
      - Critic: Rate again
`;

// Every reply uses 10 input and 2 output tokens. Haiku 4.5 costs $1 / $5 per million tokens, so a
// call costs 10 × 1 + 2 × 5 = 20 µ$ = 20 000 nano-dollars; Sonnet 4.5 ($3 / $15): 30 + 30 = 60 µ$.
const HAIKU_CALL = 20_000;
const SONNET_CALL = 60_000;

const cli = useDurableCli({ prefix: 'vega-cost-', files: { 'team.vega.yaml': WORKFLOW } });

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (character === '"') quoted = false;
      else field += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index++;
    } else field += character;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

async function twoRuns(): Promise<string[]> {
  for (let run = 0; run < 2; run++) expect((await cli.vega('run', 'team.vega.yaml', '-q')).exitCode).toBe(0);
  const store = await sqliteStore(join(cli.folder, 'vega.db'));
  try {
    return (await store.listRuns()).map((run) => run.id).sort();
  } finally {
    await store.close();
  }
}

interface JsonReport {
  by: string;
  rows: {
    key: string;
    calls: number;
    inputTokens: number;
    outputTokens: number;
    costNanoUsd: number;
    costUsd: number;
  }[];
  total: { calls: number; costNanoUsd: number; costUsd: number };
}

async function jsonReport(...argv: string[]): Promise<JsonReport> {
  const { exitCode, stdout, stderr } = await cli.vega('cost', ...argv, '--format', 'json');
  expect(stderr).toBe('');
  expect(exitCode).toBe(0);
  return JSON.parse(stdout) as JsonReport;
}

describe('vega cost, over real runs', () => {
  it('sums spend by model, agent, workflow, run and day, exactly', async () => {
    const runs = await twoRuns();
    const byModel = await jsonReport('--by', 'model');
    expect(
      byModel.rows.map(({ key, calls, inputTokens, outputTokens, costNanoUsd }) => ({
        key,
        calls,
        inputTokens,
        outputTokens,
        costNanoUsd,
      })),
    ).toEqual([
      { key: 'claude-sonnet-4-5', calls: 2, inputTokens: 20, outputTokens: 4, costNanoUsd: 2 * SONNET_CALL },
      { key: 'claude-haiku-4-5', calls: 4, inputTokens: 40, outputTokens: 8, costNanoUsd: 4 * HAIKU_CALL },
    ]);
    expect(byModel.total).toMatchObject({ calls: 6, costNanoUsd: 200_000, costUsd: 0.0002 });

    const byAgent = await jsonReport('--by', 'agent');
    expect(byAgent.rows.map(({ key, calls, costNanoUsd }) => [key, calls, costNanoUsd])).toEqual([
      ['Writer', 2, 120_000],
      ['Critic', 4, 80_000],
    ]);
    const byWorkflow = await jsonReport('--by', 'workflow');
    expect(byWorkflow.rows.map(({ key, calls }) => [key, calls])).toEqual([['review', 6]]);
    const byRun = await jsonReport('--by', 'run');
    expect(byRun.rows.map(({ key, costNanoUsd }) => [key, costNanoUsd]).sort()).toEqual(
      runs.map((id) => [id, 100_000]),
    );
    const one = await jsonReport('--by', 'model', '--run', runs[0]!.slice(0, 12));
    expect(one.total).toMatchObject({ calls: 3, costNanoUsd: 100_000 });
    const byDay = await jsonReport();
    expect(byDay.by).toBe('day');
    expect(byDay.total.costNanoUsd).toBe(200_000);
    expect(byDay.rows.every((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.key))).toBe(true);
  });

  it('prints a table with the total last by default', async () => {
    await twoRuns();
    const { stdout } = await cli.vega('cost', '--by', 'model');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^model\s+calls\s+input tokens\s+output tokens\s+cost \(USD\)\s+unpriced calls$/,
    );
    expect(lines[2]).toMatch(/^claude-sonnet-4-5\s+2\s+20\s+4\s+0\.000120000\s+0$/);
    expect(lines[3]).toMatch(/^claude-haiku-4-5\s+4\s+40\s+8\s+0\.000080000\s+0$/);
    expect(lines.at(-1)).toMatch(/^total\s+6\s+60\s+12\s+0\.000200000\s+0$/);
  });
});

/** Model calls as the event log keeps them, on given days, with costs that float addition gets wrong. */
const CALLS: readonly { day: string; model: string; agent?: string; usd?: number }[] = [
  { day: '2026-11-19T23:59:59Z', model: 'gpt-5', agent: 'Planner', usd: 0.1 },
  { day: '2026-11-20T00:00:00Z', model: 'gpt-5', agent: 'Planner', usd: 0.2 },
  { day: '2026-11-20T12:00:00Z', model: 'claude-opus-4-1', agent: 'Writer, "senior"', usd: 1.234567891 },
  { day: '2026-11-21T09:30:00Z', model: 'local-llama' },
  { day: '2026-11-21T10:00:00Z', model: 'gpt-5', agent: 'Planner', usd: 0.7 },
];

async function appendedCalls(): Promise<void> {
  const store = await sqliteStore(join(cli.folder, 'vega.db'));
  try {
    await store.createRun({ id: 'hand-1', kind: 'workflow', name: 'plan', input: {}, createdAt: 1 });
    await store.createRun({ id: 'hand-2', kind: 'function', name: 'triage', input: {}, createdAt: 2 });
    const events = (_runId: string, calls: typeof CALLS): NewEvent[] =>
      calls.map((call, index) => ({
        type: 'model-call-completed',
        at: Date.parse(call.day),
        payload: {
          key: `step-${index}/${call.agent === undefined ? '' : `agent:${call.agent}/`}t1/model`,
          startedAt: Date.parse(call.day) - 500,
          durationMs: 500,
          provider: 'openai',
          model: call.model,
          usage: {
            inputTokens: 100,
            outputTokens: 10,
            cacheReadTokens: 0,
            cacheWriteTokens: 0,
            reasoningTokens: 0,
          },
          ...(call.usd === undefined ? {} : { costUsd: call.usd }),
        },
      }));
    await store.appendEvents('hand-1', events('hand-1', CALLS.slice(0, 3)));
    await store.appendEvents('hand-2', events('hand-2', CALLS.slice(3)));
  } finally {
    await store.close();
  }
}

describe('vega cost, over a hand-made event log', () => {
  it('groups by UTC day within --since/--until, to the nano-dollar', async () => {
    await appendedCalls();
    const report = await jsonReport('--since', '2026-11-20', '--until', '2026-11-21T10:00:00Z');
    expect(report.rows.map(({ key, calls, costNanoUsd }) => [key, calls, costNanoUsd])).toEqual([
      ['2026-11-20', 2, 1_434_567_891],
      ['2026-11-21', 1, 0],
    ]);
    expect(report.total).toMatchObject({ calls: 3, costNanoUsd: 1_434_567_891, costUsd: 1.434567891 });
    const all = await jsonReport('--by', 'workflow');
    expect(all.rows.map(({ key, costNanoUsd }) => [key, costNanoUsd])).toEqual([
      ['plan', 1_534_567_891],
      ['triage (function)', 700_000_000],
    ]);
    expect(all.total.costUsd).toBe(2.234567891);
  });

  it('writes CSV that parses back to the same numbers, quoting what needs it', async () => {
    await appendedCalls();
    const { stdout } = await cli.vega('cost', '--by', 'agent', '--format', 'csv');
    expect(parseCsv(stdout)).toEqual([
      ['agent', 'calls', 'input_tokens', 'output_tokens', 'cost_usd', 'unpriced_calls'],
      ['Writer, "senior"', '1', '100', '10', '1.234567891', '0'],
      ['Planner', '3', '300', '30', '1.000000000', '0'],
      ['(no agent)', '1', '100', '10', '0.000000000', '1'],
      ['total', '5', '500', '50', '2.234567891', '1'],
    ]);
  });

  it('writes one self-contained HTML file with a labelled bar per group', async () => {
    await appendedCalls();
    const { exitCode, stderr } = await cli.vega(
      'cost',
      '--by',
      'model',
      '--format',
      'html',
      '--out',
      'report.html',
    );
    expect(exitCode).toBe(0);
    expect(stderr).toContain('Wrote report.html');
    const html = await readFile(join(cli.folder, 'report.html'), 'utf8');
    expect(html).not.toMatch(/https?:/);
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    // Well-formed: every element opened is closed, in order (void elements aside).
    const stack: string[] = [];
    for (const [, closing, name] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?>/g)) {
      if (name === undefined || ['meta', 'br'].includes(name.toLowerCase())) continue;
      if (closing === '') stack.push(name);
      else expect(stack.pop()).toBe(name);
    }
    expect(stack).toEqual([]);
    const svg = /<svg\b[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    const bars = [...svg.matchAll(/<g class="bar"><text[^>]*>([^<]*)<\/text><rect[^>]*width="(\d+)"/g)];
    expect(bars.map(([, label, width]) => [label, Number(width)])).toEqual([
      ['claude-opus-4-1', 460],
      ['gpt-5', Math.round((1_000_000_000 / 1_234_567_891) * 460)],
      ['local-llama', 0],
    ]);
    expect(html).toContain('Total $2.234567891 over 5 model calls');
  });

  it('rejects an unknown grouping, format or date', async () => {
    expect((await cli.vega('cost', '--by', 'team')).stderr).toContain(
      "'--by' takes day, model, agent, workflow, run",
    );
    expect((await cli.vega('cost', '--format', 'xml')).exitCode).toBe(2);
    expect((await cli.vega('cost', '--since', 'yesterday')).stderr).toContain("'--since' takes an ISO date");
    expect((await cli.vega('cost', '--run', 'nope')).stderr).toContain("No run 'nope'");
  });
});
