import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText } from 'ai';
import { defineAgent } from '../src/agent/define-agent.ts';
import { createRuntime } from '../src/create-runtime.ts';
import type { PolicyEvent } from '../src/policy/policy-event.ts';
import { type FixtureStats, startFixtureServer } from '../src/testing/index.ts';
import {
  LATENCY,
  LIMITS,
  MAX_OUTPUT_TOKENS,
  MODEL_ID,
  type PlannedCall,
  PlanServer,
  seededRandom,
  type TrafficPlan,
} from './traffic-plan.ts';

export type SetupKind = 'ai-sdk' | 'vega-declared' | 'vega-learned';

export const SETUP_LABELS: Readonly<Record<SetupKind, string>> = {
  'ai-sdk': '(a) AI SDK retries, no limiter',
  'vega-declared': '(b) Vega, limits declared',
  'vega-learned': '(c) Vega, limits learned',
};

/** What one call came to, seen from the caller. */
interface CallOutcome {
  readonly ok: boolean;
  /** Why it failed: the error's kind or name. */
  readonly failure?: string;
  /** Vega only: time queued in rate limiters (`modelCalls[0].waitedMs`) and attempts made. */
  readonly limiterWaitMs?: number;
  readonly attempts?: number;
}

export interface SetupResult {
  readonly kind: SetupKind;
  readonly calls: number;
  readonly succeeded: number;
  readonly failures: ReadonlyMap<string, number>;
  readonly stats: FixtureStats;
  readonly wallMs: number;
  /** Per successful call, ms: arrival at the server of its successful request − the call's start. Sorted. */
  readonly waits: readonly number[];
  /** Per successful call, ms: end − start (the whole call as its caller saw it). Sorted. */
  readonly latencies: readonly number[];
  /** Vega only, per successful call: `waitedMs` of the pipeline (rate-limit queues). Sorted. */
  readonly limiterWaits: readonly number[];
  /** Vega only: attempts per successful call → how many calls. */
  readonly attempts: ReadonlyMap<number, number>;
  /** Vega only: policy events by type, and the times (ms from start) of retries after a 429. */
  readonly events: ReadonlyMap<string, number>;
  readonly rateLimitRetriesAtMs: readonly number[];
  /** Vega only: the limits the runtime's limiter had at the end. */
  readonly limitsAtEnd?: unknown;
}

const describeFailure = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return String(error);
  const { kind, name, reason, lastError } = error as {
    kind?: string;
    name?: string;
    reason?: string;
    lastError?: { statusCode?: number };
  };
  if (kind !== undefined) return kind;
  if (reason !== undefined) return `${name ?? 'Error'} ${reason} (last status ${lastError?.statusCode})`;
  return name ?? 'Error';
};

/** Runs `plan` against a fresh fixture server with `concurrency` callers, in one of the set-ups. */
export async function runSetup(
  kind: SetupKind,
  plan: TrafficPlan,
  concurrency: number,
  seed: number,
): Promise<SetupResult> {
  const planServer = new PlanServer(plan);
  await using server = await startFixtureServer({
    limits: LIMITS,
    latency: LATENCY,
    random: seededRandom(seed),
    handler: planServer.handler,
  });

  const events = new Map<string, number>();
  const rateLimitRetriesAtMs: number[] = [];
  let startedAt = 0;
  let call: (worker: number, planned: PlannedCall) => Promise<CallOutcome>;
  let limitsAtEnd: (() => unknown) | undefined;

  if (kind === 'ai-sdk') {
    const model = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'bench' })(MODEL_ID);
    call = async (_worker, planned) => {
      await generateText({ model, prompt: planned.prompt, maxOutputTokens: MAX_OUTPUT_TOKENS });
      return { ok: true };
    };
  } else {
    const runtime = createRuntime({
      env: { ANTHROPIC_API_KEY: 'bench', ANTHROPIC_BASE_URL: server.anthropicBaseURL },
      rateLimits: kind === 'vega-declared' ? { default: { ...LIMITS }, learn: false } : { learn: true },
    });
    runtime.policyEvents.on((event: PolicyEvent) => {
      events.set(event.type, (events.get(event.type) ?? 0) + 1);
      if (event.type === 'retry-scheduled' && event.errorKind === 'rate_limit') {
        rateLimitRetriesAtMs.push(performance.now() - startedAt);
      }
    });
    const agents = Array.from({ length: concurrency }, (_, index) =>
      defineAgent({ name: `agent-${index}`, model: MODEL_ID, maxTokens: MAX_OUTPUT_TOKENS }),
    );
    const environment = runtime.environment;
    call = async (worker, planned) => {
      const result = await agents[worker]!.run(planned.prompt, { environment });
      const record = result.modelCalls[0];
      return {
        ok: true,
        ...(record?.waitedMs === undefined ? {} : { limiterWaitMs: record.waitedMs }),
        ...(record?.attempts === undefined ? {} : { attempts: record.attempts }),
      };
    };
    limitsAtEnd = () => runtime.pipeline.rateLimits.all().map((limiter) => limiter.limits());
  }

  const failures = new Map<string, number>();
  const waits: number[] = [];
  const latencies: number[] = [];
  const limiterWaits: number[] = [];
  const attempts = new Map<number, number>();
  let next = 0;
  let succeeded = 0;

  const worker = async (index: number): Promise<void> => {
    for (let id = next++; id < plan.calls.length; id = next++) {
      const planned = plan.calls[id]!;
      const start = performance.now();
      let outcome: CallOutcome;
      try {
        outcome = await call(index, planned);
      } catch (error) {
        outcome = { ok: false, failure: describeFailure(error) };
      }
      const end = performance.now();
      if (!outcome.ok) {
        const reason = outcome.failure ?? 'unknown';
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
        continue;
      }
      succeeded += 1;
      latencies.push(end - start);
      const arrival = planServer.lastArrival.get(planned.id);
      if (arrival !== undefined) waits.push(Math.max(0, arrival - start));
      if (outcome.limiterWaitMs !== undefined) limiterWaits.push(outcome.limiterWaitMs);
      if (outcome.attempts !== undefined)
        attempts.set(outcome.attempts, (attempts.get(outcome.attempts) ?? 0) + 1);
    }
  };

  startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  const wallMs = performance.now() - startedAt;
  const byNumber = (a: number, b: number) => a - b;
  return {
    kind,
    calls: plan.calls.length,
    succeeded,
    failures,
    stats: server.stats(),
    wallMs,
    waits: waits.sort(byNumber),
    latencies: latencies.sort(byNumber),
    limiterWaits: limiterWaits.sort(byNumber),
    attempts,
    events,
    rateLimitRetriesAtMs,
    ...(limitsAtEnd === undefined ? {} : { limitsAtEnd: limitsAtEnd() }),
  };
}
