import { describe, expect, it } from 'vitest';
import type { StoredSpan } from '../../../src/spec/store.ts';
import { type ContractContext, expectStoreError, uniqueId } from './contract-support.ts';

/** A span with sensible defaults, in trace `traceId`. */
function span(traceId: string, spanId: string, fields: Partial<StoredSpan> = {}): StoredSpan {
  return {
    traceId,
    spanId,
    name: spanId,
    kind: 'internal',
    startUs: 1_763_700_000_000_000,
    endUs: 1_763_700_000_000_500,
    status: 'unset',
    attributes: {},
    ...fields,
  };
}

/** Trace spans, kept next to the event log and found by run or trace. */
export function spansContract(context: ContractContext): void {
  describe('spans', () => {
    it('keeps spans with every field and lists a run’s by start time', async () => {
      const runId = uniqueId();
      const trace = 'a'.repeat(32);
      const root = span(trace, '1000000000000001', {
        runId,
        name: 'vega.run',
        startUs: 1_763_700_000_000_000,
        endUs: 1_763_700_002_000_000,
        status: 'ok',
        attributes: { 'vega.run.id': runId, 'gen_ai.usage.input_tokens': 12, tags: ['a', 'b'], on: true },
        resource: { 'service.name': 'vega' },
      });
      const child = span(trace, '1000000000000002', {
        runId,
        parentSpanId: root.spanId,
        name: 'chat claude',
        kind: 'client',
        startUs: 1_763_700_000_000_010,
        endUs: 1_763_700_001_000_000,
        status: 'error',
        statusMessage: 'overloaded',
        attributes: { 'vega.cost.usd': 0.0042 },
        events: [{ name: 'exception', timeUs: 1_763_700_000_500_000, attributes: { 'exception.type': 'X' } }],
      });
      const other = span('b'.repeat(32), '2000000000000001', { runId: uniqueId() });
      await context.store.appendSpans([child, other, root]);
      expect(await context.store.listSpans({ runId })).toEqual([root, child]);
      expect(await context.store.listSpans({ traceId: trace })).toEqual([root, child]);
      expect(await context.store.listSpans({ runId, traceId: 'c'.repeat(32) })).toEqual([]);
    });

    it('replaces a span written when it started by the same span when it ended', async () => {
      const runId = uniqueId();
      const trace = 'd'.repeat(32);
      const { endUs: _ended, ...started } = span(trace, '3000000000000001', { runId, name: 'step' });
      await context.store.appendSpans([started]);
      expect(await context.store.listSpans({ runId })).toEqual([started]);
      const ended = { ...started, endUs: started.startUs + 7, status: 'ok' as const };
      await context.store.appendSpans([ended]);
      expect(await context.store.listSpans({ runId })).toEqual([ended]);
    });

    it('never replaces an ended span by a record of it without an end', async () => {
      const runId = uniqueId();
      const ended = span('9'.repeat(32), '6000000000000001', { runId, status: 'ok' });
      const { endUs: _ended, ...open } = { ...ended, status: 'unset' as const };
      await context.store.appendSpans([ended]);
      await context.store.appendSpans([open]);
      expect(await context.store.listSpans({ runId })).toEqual([ended]);
    });

    it('keeps the last write of a span that appears twice in one batch', async () => {
      const runId = uniqueId();
      const first = span('e'.repeat(32), '4000000000000001', { runId, name: 'first' });
      const last = { ...first, name: 'last' };
      await context.store.appendSpans([first, last]);
      expect(await context.store.listSpans({ runId })).toEqual([last]);
    });

    it('writes a large batch at once, and an empty one as nothing', async () => {
      const runId = uniqueId();
      const many = Array.from({ length: 1_200 }, (_, index) =>
        span('f'.repeat(32), index.toString(16).padStart(16, '0'), { runId, startUs: 1_000 + index }),
      );
      await context.store.appendSpans([]);
      await context.store.appendSpans(many);
      const listed = await context.store.listSpans({ runId });
      expect(listed).toHaveLength(1_200);
      expect(listed.map((each) => each.startUs)).toEqual(many.map((each) => each.startUs));
    });

    it('rejects a batch with an invalid span, and writes none of it', async () => {
      const runId = uniqueId();
      const good = span('1'.repeat(32), '5000000000000001', { runId });
      await expectStoreError(
        context.store.appendSpans([good, span('1'.repeat(32), '5000000000000002', { runId, startUs: 1.5 })]),
        'store_invalid_value',
      );
      await expectStoreError(context.store.appendSpans([span('', '', { runId })]), 'store_invalid_value');
      expect(await context.store.listSpans({ runId })).toEqual([]);
    });

    it('refuses to list every span of the store at once', async () => {
      await expectStoreError(context.store.listSpans({}), 'store_invalid_value');
    });
  });
}
