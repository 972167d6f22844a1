/**
 * Tracing a supervised agent that crashes and is restarted: the restart is a span of its own
 * (`vega.process.restart <agent>`, with the old and new process), and the request delivered again to
 * the new process keeps its parent — the step that asked, not whatever the process was started in.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDurableCli } from '../durable/durable-cli.ts';
import { readSpanTree } from './span-tree.ts';

const WORKFLOW = `settings:
  default_model: claude-haiku-4-5
  retry: { max_attempts: 1 }
agents:
  Writer:
    system: You write.
    supervision: { strategy: restart, max_restarts: 3, window: 1m, backoff: { type: constant, initial: 1ms, jitter: 0 } }
workflows:
  main:
    steps:
      - Writer: "Outline"
      - Writer: "Draft"
`;

const failed = new Set<string>();
const cli = useDurableCli({
  prefix: 'vega-trace-restart-',
  files: { 'team.vega.yaml': WORKFLOW },
  reply: (prompt) => {
    if (prompt !== 'Draft' || failed.has(prompt)) return undefined;
    failed.add(prompt);
    return { error: { status: 529, message: 'Overloaded' } };
  },
});

describe('tracing supervised agents', () => {
  it('shows a restart as a span, and the redelivered request under the step that asked', async () => {
    failed.clear();
    const outcome = await cli.vega('run', 'team.vega.yaml', '--trace', 'jsonl=trace.jsonl');
    expect(outcome.exitCode).toBe(0);
    const tree = await readSpanTree(join(cli.folder, 'trace.jsonl'));

    const restart = tree.one('vega.process.restart Writer');
    expect(restart.attributes).toMatchObject({
      'vega.process.child': 'Writer',
      'vega.restart.attempt': 1,
      'vega.restart.reason': 'model_call_failed',
    });
    expect(restart.attributes['vega.process.previous_id']).not.toBe(restart.attributes['vega.process.id']);

    const draft = tree.spans.find((span) => span.attributes['vega.step.key'] === 'step-1')!;
    const invocations = tree.childrenOf(draft).filter((span) => span.name === 'invoke_agent Writer');
    // The failed delivery and the one that answered, both under the step, in two processes.
    expect(invocations).toHaveLength(2);
    expect(invocations.map((span) => span.status.code).sort()).toEqual(['error', 'unset']);
    expect(new Set(invocations.map((span) => span.attributes['vega.process.id'])).size).toBe(2);
    const failedCall = tree.childrenOf(invocations.find((span) => span.status.code === 'error')!);
    expect(failedCall.map((span) => [span.name, span.attributes['error.type']])).toEqual([
      ['chat claude-haiku-4-5', 'model_call_failed/overloaded'],
    ]);
  });
});
