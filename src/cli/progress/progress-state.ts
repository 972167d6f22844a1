import type { Cost } from '../../spec/cost.ts';
import type { Usage } from '../../spec/usage.ts';
import type { StepRecord, StepStart } from '../../workflow/run/workflow-result.ts';

/** Where a step is: running, finished, or failed (it threw, or the run ended while it ran). */
export type ProgressStatus = 'running' | 'done' | 'failed';

/** One step as the progress display shows it. */
export interface ProgressStep {
  /** Its journal position: `step-2`, `step-3/for/2/0`. */
  readonly key: string;
  /** How it is named on screen: its id, else its description, else its agent or kind. */
  readonly label: string;
  /** The branch it runs in inside its parent (`[2]`, `then`), empty for a top-level step. */
  readonly branch: string;
  readonly depth: number;
  status: ProgressStatus;
  readonly startedAt: number;
  endedAt?: number;
  /** Tokens (input + output) of its agent calls and of its finished descendants, so far. */
  tokens: number;
  /** Dollars so far; `undefined` once a call of an unpriced model is in. */
  usd: number | undefined;
  /** The part of `tokens` and `usd` from its own model calls seen while it ran. */
  ownTokens: number;
  ownUsd: number | undefined;
  readonly children: ProgressStep[];
}

/**
 * What the progress display knows about a run, fed by the workflow's step callbacks and model calls.
 * Steps are kept in a tree by key: a step's parent is the nearest started step whose key prefixes its own.
 *
 * @example
 * const state = new ProgressState('team', clock.now());
 * state.stepStarted({ index: 0, kind: 'agent', agent: 'writer' }, clock.now());
 * renderProgress(state, { width: 80, color: false, now: clock.now() });
 */
export class ProgressState {
  readonly workflow: string;
  readonly startedAt: number;
  readonly roots: ProgressStep[] = [];
  endedAt: number | undefined;
  failed = false;
  tokens = 0;
  usd: number | undefined = 0;
  /** How many steps have finished. */
  finished = 0;
  readonly #steps = new Map<string, ProgressStep>();

  constructor(workflow: string, startedAt: number) {
    this.workflow = workflow;
    this.startedAt = startedAt;
  }

  /** A step starts; gives its display node. */
  stepStarted(start: StepStart, at: number): ProgressStep {
    const key = start.key ?? `step-${start.index}`;
    const parent = this.#parentOf(key);
    const step: ProgressStep = {
      key,
      label: labelOf(start),
      branch: parent === undefined ? '' : branchOf(key.slice(parent.key.length + 1)),
      depth: parent === undefined ? 0 : parent.depth + 1,
      status: 'running',
      startedAt: at,
      tokens: 0,
      usd: 0,
      ownTokens: 0,
      ownUsd: 0,
      children: [],
    };
    // A step run again (a `repeat` iteration, a retried block) replaces its earlier node's place.
    const siblings = parent === undefined ? this.roots : parent.children;
    const earlier = this.#steps.get(key);
    const place = earlier === undefined ? -1 : siblings.indexOf(earlier);
    if (place === -1) siblings.push(step);
    else siblings[place] = step;
    this.#steps.set(key, step);
    return step;
  }

  /**
   * A step ends with its record: an agent step's tokens and cost become its record's (what its model
   * calls did not already add goes to it, its ancestors and the totals). Gives its node and the
   * descendants that were still running (now failed: cut short by a failed branch or a caught error).
   */
  stepEnded(record: StepRecord, at: number): { step?: ProgressStep; cutShort: ProgressStep[] } {
    const step = this.#steps.get(record.key ?? `step-${record.index}`);
    if (step === undefined) return { cutShort: [] };
    step.endedAt = at;
    this.finished += 1;
    const failed = record.kind === 'agent' && record.error !== undefined;
    step.status = failed ? 'failed' : 'done';
    if (record.kind === 'agent') {
      const tokens = record.usage.inputTokens + record.usage.outputTokens;
      this.#spend(step, tokens - step.ownTokens, minus(record.cost.usd, step.ownUsd));
    }
    return { step, cutShort: settle(step.children, at) };
  }

  /**
   * A model call finished, its effect keyed under a step (`step-1/parallel/0/agent:Writer/t2/model`):
   * the step, its ancestors and the run's totals move at once, while the step still runs.
   */
  modelCall(key: string, usage: Usage, cost: Cost | undefined): void {
    const step = this.#parentOf(key);
    const tokens = usage.inputTokens + usage.outputTokens;
    const usd = cost?.usd;
    if (step !== undefined) {
      step.ownTokens += tokens;
      step.ownUsd = plus(step.ownUsd, usd);
    }
    this.#spend(step, tokens, usd);
  }

  #spend(step: ProgressStep | undefined, tokens: number, usd: number | undefined): void {
    for (let node = step; node !== undefined; node = this.#parentOf(node.key)) {
      node.tokens += tokens;
      node.usd = plus(node.usd, usd);
    }
    this.tokens += tokens;
    this.usd = plus(this.usd, usd);
  }

  /** The run ended; steps still running failed with it (they are given back). */
  runEnded(failed: boolean, at: number): ProgressStep[] {
    this.endedAt = at;
    this.failed = failed;
    return settle(this.roots, at);
  }

  #parentOf(key: string): ProgressStep | undefined {
    for (let end = key.lastIndexOf('/'); end > 0; end = key.lastIndexOf('/', end - 1)) {
      const parent = this.#steps.get(key.slice(0, end));
      if (parent !== undefined) return parent;
    }
    return undefined;
  }
}

/** Dollars added; unknown stays unknown. */
function plus(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}

function minus(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** Marks the running steps of these subtrees failed at `at`; gives them, parents first. */
function settle(steps: readonly ProgressStep[], at: number, settled: ProgressStep[] = []): ProgressStep[] {
  for (const step of steps) {
    if (step.status === 'running') {
      step.status = 'failed';
      step.endedAt = at;
      settled.push(step);
    }
    settle(step.children, at, settled);
  }
  return settled;
}

/**
 * The path between a parent and its child as a branch tag: `for/2/0` → `[2]`, `parallel/1` (a branch
 * that is itself a step) → `[1]`, `then/0` → `then`, `workflow/0` → none.
 */
function branchOf(path: string): string {
  const all = path.split('/');
  if (all.length === 2 && all[0] === 'parallel') return `[${all[1]}]`;
  const parts = all.slice(0, -1);
  const index = parts.findLast((part) => /^\d+$/.test(part));
  if (index !== undefined) return `[${index}]`;
  return parts.filter((part) => part !== 'workflow').join(' ');
}

function labelOf(start: StepStart): string {
  if (start.id !== undefined) return start.agent === undefined ? start.id : `${start.id} (${start.agent})`;
  const name = start.agent ?? start.kind;
  return start.description === undefined ? name : `${name}: ${start.description}`;
}
