/**
 * `vega run --trace jsonl=…` on a workflow with agents on the fixture server (as Anthropic, over real
 * HTTP): the span tree has the run at its root, a span per step, the agent invocations (which run in
 * supervised processes) under their steps, and the model calls under them with the GenAI attributes —
 * through `parallel`, a concurrent `for`, a sub-workflow, and a call retried after a 529.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/observe/tracing/span-record.ts';
import { useDurableCli } from '../durable/durable-cli.ts';
import { readSpanTree } from './span-tree.ts';

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
      - for: n in [1, 2, 3]
        concurrency: 2
        steps:
          - Researcher: "Item {{n}}"
      - workflow: review
        with: { topic: "the plan" }
        save: review
    output: "{{review}}"
  review:
    inputs: [topic]
    steps:
      - Critic: "Review {{topic}}"
        save: verdict
    output: "{{verdict}}"
`;

const overloaded = new Set<string>();
const cli = useDurableCli({
  prefix: 'vega-tracing-',
  files: { 'team.vega.yaml': WORKFLOW },
  reply: (prompt) => {
    if (prompt !== 'Warm up' || overloaded.has(prompt)) return undefined;
    overloaded.add(prompt);
    return { error: { status: 529, message: 'Overloaded', headers: { 'retry-after': '0' } } };
  },
});

const stepKey = (span: SpanRecord | undefined): unknown => span?.attributes['vega.step.key'];

describe('tracing a workflow run', () => {
  it('gives a span tree with the run, steps, agents and model calls, parents kept across concurrency', async () => {
    overloaded.clear();
    const outcome = await cli.vega('run', 'team.vega.yaml', '-w', 'main', '--trace', 'jsonl=trace.jsonl');
    expect(outcome.stderr).toContain('trace written to');
    expect(outcome.exitCode).toBe(0);
    const run = await cli.theRun();
    const tree = await readSpanTree(join(cli.folder, 'trace.jsonl'));

    // One trace, rooted at the run.
    const root = tree.one('vega.run');
    expect(root.parentSpanId).toBeUndefined();
    expect(new Set(tree.spans.map((span) => span.traceId))).toEqual(new Set([root.traceId]));
    expect(root.attributes).toMatchObject({ 'vega.run.id': run.id, 'vega.workflow.name': 'main' });

    // Every model call sits under an agent invocation, under a step, under the run.
    const calls = tree.spans.filter((span) => span.name === 'chat claude-haiku-4-5');
    expect(calls).toHaveLength(7);
    for (const call of calls) {
      const [, agent, ...rest] = tree.ancestry(call);
      expect(agent).toMatch(/^invoke_agent (Researcher|Critic)$/);
      expect(rest[0]).toMatch(/^vega\.step /);
      expect(rest.at(-1)).toBe('vega.run');
      expect(call.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-haiku-4-5',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 2,
        'gen_ai.usage.cache_read.input_tokens': 0,
        'gen_ai.usage.cache_creation.input_tokens': 0,
        'gen_ai.response.finish_reasons': ['stop'],
        'vega.run.id': run.id,
      });
      expect(call.attributes['gen_ai.response.model']).toMatch(/^claude-haiku-4-5/);
      expect(call.attributes['gen_ai.agent.name']).toBe(tree.parentOf(call)?.attributes['gen_ai.agent.name']);
      expect(typeof call.attributes['vega.cost.usd']).toBe('number');
      expect(call.status.code).toBe('unset');
    }
    const agents = tree.spans.filter((span) => span.name.startsWith('invoke_agent '));
    for (const agent of agents) {
      expect(agent.attributes['gen_ai.operation.name']).toBe('invoke_agent');
      expect(agent.attributes['vega.process.id']).toEqual(expect.any(String));
    }

    // The retried call: one span, two attempts, the retry as an event.
    const warmUp = calls.filter((call) => stepKey(tree.nearest(call, 'vega.step')) === 'step-0');
    expect(warmUp).toHaveLength(1);
    expect(warmUp[0]?.attributes['vega.model.attempts']).toBe(2);
    expect(warmUp[0]?.events.map((event) => event.name)).toEqual(['vega.retry']);
    expect(warmUp[0]?.events[0]?.attributes).toMatchObject({
      'vega.attempt': 1,
      'error.type': 'overloaded',
    });

    // parallel: both branches under the parallel step, with their agents, overlapping in time.
    const parallel = tree.spans.find((span) => stepKey(span) === 'step-1');
    expect(parallel?.attributes['vega.step.kind']).toBe('parallel');
    const branches = tree.childrenOf(parallel as SpanRecord);
    expect(branches).toHaveLength(2);
    expect(branches.map((branch) => tree.childrenOf(branch).map((child) => child.name)).sort()).toEqual([
      ['invoke_agent Critic'],
      ['invoke_agent Researcher'],
    ]);

    // A concurrent for: three iterations' steps under the for step.
    const forStep = tree.spans.find((span) => stepKey(span) === 'step-2');
    expect(forStep?.attributes['vega.step.kind']).toBe('for');
    const items = tree.childrenOf(forStep as SpanRecord);
    expect(items).toHaveLength(3);
    for (const item of items)
      expect(tree.childrenOf(item).map((child) => child.name)).toEqual(['invoke_agent Researcher']);

    // The sub-workflow's step and its agent call sit under the workflow step.
    const workflowStep = tree.spans.find((span) => stepKey(span) === 'step-3');
    expect(workflowStep?.attributes['vega.step.kind']).toBe('workflow');
    const inner = tree.childrenOf(workflowStep as SpanRecord);
    expect(inner.map((span) => span.name)).toEqual(['vega.step step-3/workflow/0']);
    expect(tree.childrenOf(inner[0] as SpanRecord).map((span) => span.name)).toEqual(['invoke_agent Critic']);
  });

  it('writes nothing without --trace or settings.tracing', async () => {
    const outcome = await cli.vega('run', 'team.vega.yaml', '-w', 'main');
    expect(outcome.exitCode).toBe(0);
    expect(outcome.stderr).not.toContain('trace written');
  });
});
