/**
 * The Chrome trace event file of `vega run --trace chrome=…`: valid against the format (complete `X`
 * events with microsecond `ts`/`dur`, metadata `M` events), spans as events with their attributes in
 * `args`, and rows (`tid`) chosen so that events on one row nest and parallel branches get rows of
 * their own (what Perfetto needs to draw them).
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useDurableCli } from '../durable/durable-cli.ts';

const attributeValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
]);

/** The Chrome trace event format, as far as Vega writes it (JSON object form). */
const chromeTraceSchema = z.object({
  traceEvents: z.array(
    z.discriminatedUnion('ph', [
      z.object({
        ph: z.literal('X'),
        name: z.string().min(1),
        cat: z.string(),
        ts: z.number().nonnegative(),
        dur: z.number().nonnegative(),
        pid: z.number().int().positive(),
        tid: z.number().int().nonnegative(),
        args: z.record(z.string(), attributeValue),
      }),
      z.object({
        ph: z.literal('M'),
        name: z.enum(['process_name', 'thread_name']),
        pid: z.number().int().positive(),
        tid: z.number().int().nonnegative(),
        args: z.object({ name: z.string() }),
      }),
    ]),
  ),
  displayTimeUnit: z.enum(['ms', 'ns']).optional(),
});

const WORKFLOW = `settings:
  default_model: claude-haiku-4-5
agents:
  Researcher: { system: You research. }
  Critic: { system: You criticize. }
workflows:
  main:
    steps:
      - Researcher: "Warm up"
      - parallel:
          - Researcher: "Angle A"
          - Critic: "Angle B"
`;

const cli = useDurableCli({
  prefix: 'vega-chrome-',
  files: { 'team.vega.yaml': WORKFLOW },
  // Both branches answer slowly enough to overlap for sure.
  reply: (prompt) => (prompt.startsWith('Angle') ? { text: `ok ${prompt}`, delayMs: 40 } : undefined),
});

describe('the Chrome trace exporter', () => {
  it('writes a file in the trace event format, parallel branches on rows of their own', async () => {
    const outcome = await cli.vega('run', 'team.vega.yaml', '--trace', 'chrome=trace.json');
    expect(outcome.exitCode).toBe(0);
    const file = chromeTraceSchema.parse(JSON.parse(await readFile(join(cli.folder, 'trace.json'), 'utf8')));
    const spans = file.traceEvents.flatMap((event) => (event.ph === 'X' ? [event] : []));
    expect(spans.map((span) => span.name).sort()).toEqual([
      'chat claude-haiku-4-5',
      'chat claude-haiku-4-5',
      'chat claude-haiku-4-5',
      'invoke_agent Critic',
      'invoke_agent Researcher',
      'invoke_agent Researcher',
      'vega.run',
      'vega.step step-0',
      'vega.step step-1',
      'vega.step step-1/parallel/0',
      'vega.step step-1/parallel/1',
    ]);
    const run = spans.find((span) => span.name === 'vega.run')!;
    expect(run.args['vega.workflow.name']).toBe('main');
    const chat = spans.find((span) => span.name === 'chat claude-haiku-4-5')!;
    expect(chat.cat).toBe('chat');
    expect(chat.args['gen_ai.usage.input_tokens']).toBe(10);

    // Events on one row nest: each one lies inside, or after, the ones before it.
    const rows = Map.groupBy(spans, (span) => `${span.pid}/${span.tid}`);
    for (const row of rows.values()) {
      const open: { end: number }[] = [];
      for (const span of [...row].sort((a, b) => a.ts - b.ts || b.dur - a.dur)) {
        while (open.length > 0 && open.at(-1)!.end <= span.ts) open.pop();
        if (open.length > 0) expect(span.ts + span.dur).toBeLessThanOrEqual(open.at(-1)!.end);
        open.push({ end: span.ts + span.dur });
      }
    }
    const branchA = spans.find((span) => span.name === 'vega.step step-1/parallel/0')!;
    const branchB = spans.find((span) => span.name === 'vega.step step-1/parallel/1')!;
    expect(branchA.tid).not.toBe(branchB.tid);
    expect(run.tid).toBe(spans.find((span) => span.name === 'vega.step step-0')!.tid);
  });
});
