/**
 * `vega run --trace store` then `vega trace`: the spans a real run writes through the tracer and the
 * store exporter, read back as a tree, with agents on the fixture server as Anthropic.
 */
import { describe, expect, it } from 'vitest';
import { useDurableCli } from '../durable/durable-cli.ts';

const cli = useDurableCli({
  prefix: 'vega-trace-run-',
  files: {
    'team.vega.yaml': `agents:
  Critic: { model: claude-haiku-4-5, system: You rate. }
  Writer: { model: claude-sonnet-4-5, system: You write. }
workflows:
  review:
    steps:
      - parallel:
          - Critic: Rate it
          - Writer: Write it
`,
  },
});

describe('vega trace after vega run --trace store', () => {
  it('shows the run’s real spans with tokens, cost and the critical path', async () => {
    const run = await cli.vega('run', 'team.vega.yaml', '--trace', 'store', '-q');
    expect(run.exitCode).toBe(0);
    const { id } = await cli.theRun();
    const { exitCode, stdout } = await cli.vega('trace', id.slice(0, 10));
    expect(exitCode).toBe(0);
    const json = JSON.parse((await cli.vega('trace', id, '-o', 'json')).stdout) as {
      spans: {
        name: string;
        depth: number;
        parentSpanId?: string;
        runId?: string;
        inputTokens: number;
        outputTokens: number;
        costUsd: number;
        critical: boolean;
        attributes: Record<string, unknown>;
      }[];
    };
    const [root, ...rest] = json.spans;
    expect(root?.depth).toBe(0);
    expect(root?.critical).toBe(true);
    expect(rest.every((span) => span.depth > 0)).toBe(true);
    expect(json.spans.every((span) => span.runId === id)).toBe(true);
    // Two model calls of 10 in / 2 out: Haiku 20 µ$ and Sonnet 60 µ$, rolled up to the root.
    expect(root).toMatchObject({ inputTokens: 20, outputTokens: 4, costUsd: 0.00008 });
    const calls = json.spans.filter((span) => span.attributes['gen_ai.operation.name'] === 'chat');
    expect(calls.map((span) => span.attributes['gen_ai.request.model']).sort()).toEqual([
      'claude-haiku-4-5',
      'claude-sonnet-4-5',
    ]);
    expect(json.spans.map((span) => span.name)).toEqual(
      expect.arrayContaining(['vega.run', 'vega.step step-0', 'invoke_agent Critic', 'invoke_agent Writer']),
    );
    // The critical path is one chain from the root down to a leaf: one span per depth, each under the last.
    const critical = json.spans.filter((span) => span.critical);
    expect(critical.map((span) => span.depth)).toEqual(critical.map((_, index) => index));
    const spanIds = json.spans.map((span) => (span as unknown as { spanId: string }).spanId);
    for (const [index, span] of critical.entries()) {
      if (index > 0) expect(span.parentSpanId).toBe(spanIds[json.spans.indexOf(critical[index - 1]!)]);
    }
    expect(critical.at(-1)?.attributes['gen_ai.operation.name']).toBe('chat');
    expect(stdout).toContain(`Spans of run ${id} (workflow review, completed)`);
    expect(stdout).toMatch(/^◆ .+\s+\d[\d.]* m?s\s+20 in \/ 4 out\s+\$0\.000080$/m);
    expect(stdout).toMatch(/◆ critical path/);
  });
});
