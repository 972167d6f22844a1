import { createHash } from 'node:crypto';
import type { AgentEnvironment } from '../agent/agent-environment.ts';
import type { AgentResult } from '../agent/agent-result.ts';
import type { Agent, AgentRunOptions } from '../agent/define-agent.ts';
import type { AgentInput } from '../agent/initial-messages.ts';
import type { Tool } from '../agent/tool.ts';
import type { BudgetScope } from '../policy/budget/budget-scope.ts';
import { sleep } from '../policy/sleep.ts';
import type { Clock } from '../spec/clock.ts';
import type { Store } from '../spec/store.ts';
import { canonicalJson } from './canonical-json.ts';
import type { RunJournal } from './run-journal.ts';

/** A function run durably by `runtime.run`: deterministic code whose effects go through `ctx`. */
export type RunFunction<Input, Output> = (ctx: RunContext, input: Input) => Promise<Output>;

/** Options of `ctx.agent`: those of `agent.run`, less what the run context provides. */
export type ContextAgentOptions = Omit<AgentRunOptions, 'environment' | 'signal' | 'journal'>;

/** Options of `ctx.step`. */
export interface StepOptions {
  /**
   * Whether running the step again is safe when a crash cut it off before it recorded its result.
   * Default false: such a step stops the resumed run with `OutcomeUnknown`.
   */
  readonly idempotent?: boolean;
}

/** Key-value memory: one scope of the store's memory (the run's own, or global). */
export interface MemoryView {
  get<Value = unknown>(key: string): Promise<Value | undefined>;
  /** Sets a JSON value; `undefined` deletes the key. */
  set(key: string, value: unknown): Promise<void>;
}

/**
 * What a durable run's code works through. Everything that is not deterministic is an effect of the
 * context, journaled under a key made of its position (the context's path, a sequence number, a
 * label): on resume, completed effects return their recorded result instead of running again.
 * Call effects in a deterministic order (as `Promise.all([...])` does); do not branch on the wall
 * clock or `Math.random()` — use `ctx.now()` and `ctx.random()`.
 *
 * @example
 * const result = await runtime.run(async (ctx, topic: string) => {
 *   const draft = await ctx.agent(writer, `Write about ${topic}`);
 *   await ctx.tool(saveFile, { path: 'draft.md', content: draft.text });
 *   return draft.text;
 * }, 'durable execution');
 */
export interface RunContext {
  readonly runId: string;
  /** Aborted when the run is cancelled. */
  readonly signal: AbortSignal;
  /** Runs an agent; its model and tool calls are journaled one by one. */
  agent<Output>(
    agent: Agent<Output>,
    input: AgentInput,
    options?: ContextAgentOptions,
  ): Promise<AgentResult<Output>>;
  /** Runs a tool once (validated input); redone after a crash only when the tool is idempotent. */
  tool<Input, Output>(tool: Tool<Input, Output>, input: Input): Promise<Output>;
  /** Arbitrary work, journaled with its (JSON) result; nested effects are keyed under the step. */
  step<Value>(name: string, work: (ctx: RunContext) => Promise<Value>, options?: StepOptions): Promise<Value>;
  /** A durable timer: a resumed run waits only for what is left of it; a replay does not wait. */
  sleep(ms: number): Promise<void>;
  /** The current time, recorded. */
  now(): Promise<number>;
  /** A number in [0, 1), recorded. */
  random(): Promise<number>;
  /** A child run, with its own journal; its output is recorded in this run's journal. */
  run<Input, Output>(
    work: RunFunction<Input, Output>,
    input: Input,
    options?: { readonly name?: string },
  ): Promise<Output>;
  /** This run's memory. */
  readonly memory: MemoryView;
  /** Memory shared by every run. */
  readonly globalMemory: MemoryView;
}

/** What a context needs from the run that owns it. */
export interface ContextParts {
  readonly runId: string;
  readonly journal: RunJournal;
  readonly signal: AbortSignal;
  readonly environment: AgentEnvironment;
  readonly clock: Clock;
  readonly random: () => number;
  readonly store: Store;
  readonly budget: BudgetScope | undefined;
  /** Starts or resumes a child run and returns its output. */
  readonly runChild: <Input, Output>(
    work: RunFunction<Input, Output>,
    input: Input,
    id: string,
    name: string,
  ) => Promise<Output>;
}

/**
 * The context of a run, or of a step within it (`path` is the step's key, ending in `/`).
 *
 * @example
 * const ctx = createRunContext(parts, '');
 */
export function createRunContext(parts: ContextParts, path: string): RunContext {
  let sequence = 0;
  const key = (label: string) => {
    const position = `${path}${++sequence}`;
    const full = `${position}:${label}`;
    journal.claimPosition(position, full);
    return full;
  };
  const { journal, signal, clock } = parts;
  const memory = (kind: 'run' | 'global'): MemoryView => {
    const scope = { kind, id: kind === 'run' ? parts.runId : '' } as const;
    return {
      get: async <Value>(name: string) => (await parts.store.getMemory(scope, name)) as Value | undefined,
      set: (name, value) => parts.store.setMemory(scope, name, value, clock.now()),
    };
  };
  return {
    runId: parts.runId,
    signal,
    agent(agent, input, options = {}) {
      const position = key(`agent:${agent.name}`);
      return agent.run(input, {
        ...(parts.budget === undefined ? {} : { budget: parts.budget }),
        ...options,
        environment: parts.environment,
        signal,
        journal: { journal, runId: parts.runId, key: position },
      });
    },
    async tool(tool, input) {
      const parsed = tool.input.parse(input);
      return journal.effect(
        key(`tool:${tool.name}`),
        {
          kind: 'tool-call',
          idempotent: tool.idempotent,
          request: { tool: tool.name, digest: digest(parsed) },
        },
        async () => tool.execute(parsed, { signal, toolCallId: `${parts.runId}/${sequence}`, agent: '' }),
      );
    },
    step(name, work, options = {}) {
      const position = key(`step:${name}`);
      return journal.effect(
        position,
        { kind: 'step', idempotent: options.idempotent ?? false, request: { name } },
        () => work(createRunContext(parts, `${position}/`)),
      );
    },
    async sleep(ms) {
      const until = await journal.effect(
        key('sleep'),
        { kind: 'sleep', idempotent: true, request: { ms } },
        async () => clock.now() + ms,
      );
      if (journal.mode === 'replay') return;
      const left = until - clock.now();
      if (left > 0) await sleep(clock, left, signal);
    },
    now: () => journal.effect(key('now'), { kind: 'now', idempotent: true }, async () => clock.now()),
    random: () =>
      journal.effect(key('random'), { kind: 'random', idempotent: true }, async () => parts.random()),
    run(work, input, options = {}) {
      const name = options.name ?? (work.name === '' ? 'child' : work.name);
      const position = key(`run:${name}`);
      return journal.effect(position, { kind: 'child-run', idempotent: true, request: { name } }, () =>
        parts.runChild(work, input, `${parts.runId}.${position.replaceAll('/', '.')}`, name),
      );
    },
    memory: memory('run'),
    globalMemory: memory('global'),
  };
}

function digest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
