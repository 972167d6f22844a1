import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import type { SpanRecord } from '../../src/observe/tracing/span-record.ts';

/** The spans of a JSONL trace file, with helpers to walk their tree. */
export interface SpanTree {
  readonly spans: readonly SpanRecord[];
  /** The one span named `name`. */
  one(name: string): SpanRecord;
  named(name: string): SpanRecord[];
  parentOf(span: SpanRecord): SpanRecord | undefined;
  childrenOf(span: SpanRecord): SpanRecord[];
  /** Names from the span up to the root, the span first. */
  ancestry(span: SpanRecord): string[];
  /** The nearest ancestor (or the span itself) whose name starts with `prefix`. */
  nearest(span: SpanRecord, prefix: string): SpanRecord | undefined;
}

/**
 * Reads a JSONL trace file written by `vega run --trace jsonl=…`.
 *
 * @example
 * const tree = await readSpanTree(join(folder, 'trace.jsonl'));
 */
export async function readSpanTree(path: string): Promise<SpanTree> {
  const text = await readFile(path, 'utf8');
  const spans = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SpanRecord);
  return spanTree(spans);
}

/**
 * Walks a list of span records as a tree.
 *
 * @example
 * const tree = spanTree(records);
 */
export function spanTree(spans: readonly SpanRecord[]): SpanTree {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const parentOf = (span: SpanRecord) =>
    span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
  const tree: SpanTree = {
    spans,
    one(name) {
      const found = spans.filter((span) => span.name === name);
      expect(found, `spans named '${name}'`).toHaveLength(1);
      return found[0] as SpanRecord;
    },
    named: (name) => spans.filter((span) => span.name === name),
    parentOf,
    childrenOf: (span) => spans.filter((child) => child.parentSpanId === span.spanId),
    ancestry(span) {
      const names: string[] = [];
      for (let at: SpanRecord | undefined = span; at !== undefined; at = parentOf(at)) names.push(at.name);
      return names;
    },
    nearest(span, prefix) {
      for (let at: SpanRecord | undefined = span; at !== undefined; at = parentOf(at))
        if (at.name.startsWith(prefix)) return at;
      return undefined;
    },
  };
  return tree;
}
