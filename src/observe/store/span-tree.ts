import type { StoredSpan } from '../../spec/store.ts';

/** One span of a {@link SpanTree}, with what `vega trace` shows for it. */
export interface SpanTreeNode {
  readonly span: StoredSpan;
  /** 0 for a root. */
  readonly depth: number;
  readonly children: readonly SpanTreeNode[];
  /** Absent when the span never ended. */
  readonly durationUs?: number;
  /** The span's own `gen_ai.usage.*_tokens`, else the sum over its children. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** The span's own `vega.cost.usd` in nano-dollars, else the sum over its children. */
  readonly costNanoUsd: number;
  /** Whether the span is on the critical path. */
  readonly critical: boolean;
}

/** The spans of a run as a forest, in start order, with the critical path marked. */
export interface SpanTree {
  readonly roots: readonly SpanTreeNode[];
  /** Every node, depth first (the order `vega trace` prints them). */
  readonly nodes: readonly SpanTreeNode[];
}

interface Draft {
  span: StoredSpan;
  children: Draft[];
  depth: number;
  inputTokens: number;
  outputTokens: number;
  costNanoUsd: number;
  critical: boolean;
}

/**
 * Builds the span tree of a run: spans under their parents (a span whose parent is not among them is a
 * root), children in start order, tokens and cost rolled up where a span has none of its own, and the
 * **critical path** — from the root that ends last, repeatedly the child that ends last (a span that
 * never ended counts as ending last): the chain that decided when the run ended.
 *
 * @example
 * const tree = spanTree(await store.listSpans({ runId }));
 * const slowest = tree.nodes.filter((node) => node.critical);
 */
export function spanTree(spans: readonly StoredSpan[]): SpanTree {
  const drafts = new Map<string, Draft>();
  const ordered = [...spans].sort((a, b) => a.startUs - b.startUs || a.spanId.localeCompare(b.spanId));
  for (const span of ordered) {
    drafts.set(key(span.traceId, span.spanId), {
      span,
      children: [],
      depth: 0,
      inputTokens: 0,
      outputTokens: 0,
      costNanoUsd: 0,
      critical: false,
    });
  }
  const roots: Draft[] = [];
  for (const draft of drafts.values()) {
    const { parentSpanId, traceId } = draft.span;
    const parent = parentSpanId === undefined ? undefined : drafts.get(key(traceId, parentSpanId));
    if (parent === undefined || parent === draft) roots.push(draft);
    else parent.children.push(draft);
  }
  const nodes: SpanTreeNode[] = [];
  const finish = (draft: Draft, depth: number): SpanTreeNode => {
    draft.depth = depth;
    const index = nodes.length;
    nodes.push(undefined as unknown as SpanTreeNode);
    const children = draft.children.map((child) => finish(child, depth + 1));
    const own = draft.span.attributes;
    const sum = (pick: (node: SpanTreeNode) => number) =>
      children.reduce((total, child) => total + pick(child), 0);
    const node: SpanTreeNode = {
      span: draft.span,
      depth,
      children,
      ...(draft.span.endUs === undefined ? {} : { durationUs: draft.span.endUs - draft.span.startUs }),
      inputTokens: numberOf(own['gen_ai.usage.input_tokens']) ?? sum((child) => child.inputTokens),
      outputTokens: numberOf(own['gen_ai.usage.output_tokens']) ?? sum((child) => child.outputTokens),
      costNanoUsd: nanoOf(own['vega.cost.usd']) ?? sum((child) => child.costNanoUsd),
      critical: draft.critical,
    };
    nodes[index] = node;
    return node;
  };
  markCriticalPath(roots);
  return { roots: roots.map((root) => finish(root, 0)), nodes };
}

function markCriticalPath(roots: readonly Draft[]): void {
  let current = latest(roots);
  while (current !== undefined) {
    current.critical = true;
    current = latest(current.children);
  }
}

/** The span that ends last; one that never ended ends after all. Ties go to the one started first. */
function latest(drafts: readonly Draft[]): Draft | undefined {
  let best: Draft | undefined;
  for (const draft of drafts) {
    if (best === undefined || endOf(draft) > endOf(best)) best = draft;
  }
  return best;
}

function endOf(draft: Draft): number {
  return draft.span.endUs ?? Number.POSITIVE_INFINITY;
}

function key(traceId: string, spanId: string): string {
  return `${traceId}/${spanId}`;
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nanoOf(value: unknown): number | undefined {
  const usd = numberOf(value);
  return usd === undefined ? undefined : Math.round(usd * 1e9);
}
