import { RateLimited } from '../../errors/policy-errors.ts';
import { traceWait } from '../../observe/tracing/trace-wait.ts';
import { type Clock, systemClock, type TimerHandle } from '../../spec/clock.ts';
import type { PolicyEvent, PolicyEventListener } from '../policy-event.ts';
import type { RateLimitOptions } from '../policy-options.ts';
import { checkRateLimitOptions } from './check-rate-limit-options.ts';
import { LimiterBuckets, type TokenHold } from './limiter-buckets.ts';
import type {
  RateLimiter,
  RateLimiterStats,
  RateLimitObservation,
  RateLimitRequest,
  RatePermit,
} from './rate-limiter.ts';
import { WaitingQueue } from './waiting-queue.ts';

export interface CreateRateLimiterOptions extends RateLimitOptions {
  /** The limiter's name in events and errors: `anthropic/claude-sonnet-4-5`, `agent:Coder`. */
  readonly key: string;
  /** Everything that waits, waits through it. Default: the system clock. */
  readonly clock?: Clock;
  readonly onEvent?: PolicyEventListener;
  /** Learn limits from {@link RateLimiter.observe}; default false. */
  readonly learn?: boolean;
}

interface Waiter {
  readonly tokens: number;
  readonly priority: number;
  readonly sequence: number;
  readonly arrivedAt: number;
  /** `Infinity` when it may wait for ever. */
  readonly deadline: number;
  readonly maxWaitMs: number;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (permit: RatePermit) => void;
  readonly reject: (reason: unknown) => void;
  onAbort: (() => void) | undefined;
}

const unlimitedPermit: RatePermit = Object.freeze({ waitedMs: 0, reconcile: () => {} });
const unlimitedGrant: Promise<RatePermit> = Promise.resolve(unlimitedPermit);

/**
 * A rate limiter for one key: a requests-per-minute and a tokens-per-minute token bucket (each with a
 * minute's worth of burst), a queue and at most one clock timer.
 *
 * - Order: higher `priority` first, first come first served within a priority. Only the head of the
 *   queue is ever let through, so a big request is never overtaken by smaller later ones of its
 *   priority (a steady stream of higher-priority calls can still hold it back: priority is strict).
 * - A request for more tokens than the bucket holds goes when the bucket is full; the level then goes
 *   negative and the debt is paid back by refill before the next caller goes.
 * - `maxWaitMs`: a caller is refused at once with `RateLimited` when it is certain to wait longer, even
 *   if everyone ahead that could give up did and every call in flight reconciled to zero tokens (with
 *   the limits known now); otherwise it queues and is refused when its deadline passes.
 * - Learning (`learn: true`, with or without declared limits): `observe` takes a reading's `limit` as a
 *   per-minute limit with a bucket of its own (created full, later re-sized and re-rated) beside the
 *   declared one; a caller takes from all, so the stricter limit wins. A `remaining` lowers every bucket
 *   of its dimension to it, with `learn` off too (it can only lower a level, and it stops a declared
 *   limiter that started refilling before the provider counted anything from running ahead):
 *   level = min(level, remaining). Calls in flight that the provider has not
 *   counted yet would make the truth lower still, but which those are cannot be known, so nothing is
 *   subtracted for them. `resetMs` is not used (the rate follows from the limit). Input- and
 *   output-token readings count only when `tokens` is absent, as the smaller of the two (see
 *   `totalTokenReading`). `retryAfterMs` pauses the limiter until now + `retryAfterMs`, with `learn` off
 *   too: it is an instruction, not a limit.
 * - `reconcile` gives back what a call did not use as exactly as if it had reserved only that (refill
 *   lost at the capacity while the tokens were held is not handed out twice; see `TokenBucket.refund`),
 *   and takes what it used beyond the estimate at the time of the reconcile. Reconcile every permit, a
 *   failed call's too (with what the provider counted, or 0): until then it holds a small entry per
 *   token bucket and counts as tokens that might come back.
 * - `rate-limit-wait` is emitted for every caller let through after waiting more than 0 ms and for every
 *   caller refused; `rate-limit-learned` when a learned limit changes (it carries the learned limits).
 * - With no limits (none declared, none learned yet), an empty queue and no pause, `acquire` returns one
 *   shared resolved promise: no timer, no allocation.
 *
 * @example
 * const limiter = createRateLimiter({ key: 'openai/gpt-4o', requestsPerMinute: 500, tokensPerMinute: 30_000 });
 * const permit = await limiter.acquire({ tokens: 1_200, priority: 1, signal });
 * permit.reconcile(830);
 */
export function createRateLimiter(options: CreateRateLimiterOptions): RateLimiter {
  const { key, clock = systemClock, onEvent, learn = false } = options;
  const declared = checkRateLimitOptions(options, key);
  const buckets = new LimiterBuckets(declared, clock.now());

  const queue = new WaitingQueue<Waiter>();
  let sequence = 0;
  /** Waiters with a finite deadline. */
  let deadlines = 0;
  let timer: TimerHandle | undefined;
  let timerAt = 0;
  let processing = false;
  let dirty = false;

  let granted = 0;
  let rejected = 0;
  let totalWaitMs = 0;
  let longestWaitMs = 0;

  const emit = (event: PolicyEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // Listeners must not throw; a throwing one must not break the queue.
    }
  };

  const emitWait = (waitedMs: number, now: number): void => {
    emit({ type: 'rate-limit-wait', at: now, key, waitedMs, queueDepth: queue.size });
  };

  /**
   * A lower bound on the wait of a new caller: those ahead of it that can neither give up nor time out
   * surely go first.
   */
  const certainWait = (tokens: number, priority: number, now: number): number => {
    const ahead = { requests: 0, tokens: 0 };
    for (const waiter of queue) {
      if (waiter.priority < priority) break;
      if (waiter.signal === undefined && waiter.deadline === Number.POSITIVE_INFINITY) {
        ahead.requests += 1;
        ahead.tokens += waiter.tokens;
      }
    }
    return buckets.certainWait(ahead, tokens, now);
  };

  const permitFor = (tokens: number, holds: readonly TokenHold[], waitedMs: number): RatePermit => {
    let open = holds.length > 0;
    return {
      waitedMs,
      reconcile(actualTokens: number): void {
        if (!open) return;
        open = false;
        // An unknown actual (NaN, negative) keeps the estimate: nothing is given back or taken.
        const actual = actualTokens >= 0 && actualTokens < Number.POSITIVE_INFINITY ? actualTokens : tokens;
        buckets.settle(holds, tokens, actual, clock.now());
        if (queue.size > 0) process();
      },
    };
  };

  const grant = (tokens: number, arrivedAt: number, now: number): RatePermit => {
    const holds = buckets.take(tokens, now);
    const waitedMs = now - arrivedAt;
    granted += 1;
    totalWaitMs += waitedMs;
    if (waitedMs > longestWaitMs) longestWaitMs = waitedMs;
    return permitFor(tokens, holds, waitedMs);
  };

  const detach = (waiter: Waiter): void => {
    if (waiter.onAbort !== undefined) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.onAbort = undefined;
    if (waiter.deadline !== Number.POSITIVE_INFINITY) deadlines -= 1;
  };

  /** Lets `waiter` through; it has already left the queue. */
  const admit = (waiter: Waiter, now: number): void => {
    detach(waiter);
    const permit = grant(waiter.tokens, waiter.arrivedAt, now);
    if (permit.waitedMs > 0) emitWait(permit.waitedMs, now);
    waiter.resolve(permit);
  };

  /** Refuses `waiter`; it has already left the queue. */
  const refuse = (waiter: Waiter, reason: unknown, now: number): void => {
    detach(waiter);
    rejected += 1;
    emitWait(now - waiter.arrivedAt, now);
    waiter.reject(reason);
  };

  const clearTimer = (): void => {
    if (timer === undefined) return;
    clock.clearTimeout(timer);
    timer = undefined;
  };

  const onTimer = (): void => {
    timer = undefined;
    process();
  };

  /** Sets the one timer for when the head can go or the first deadline passes, whichever is sooner. */
  const schedule = (now: number): void => {
    const head = queue.head();
    if (head === undefined) {
      clearTimer();
      return;
    }
    let due = now + buckets.waitFor(head.tokens, now);
    if (deadlines > 0) {
      for (const waiter of queue) if (waiter.deadline < due) due = waiter.deadline;
    }
    if (due === Number.POSITIVE_INFINITY) {
      clearTimer();
      return;
    }
    // Whole milliseconds, rounded up, so the level has surely refilled when the timer fires.
    const delay = Math.max(0, Math.ceil(due - now));
    if (timer !== undefined && timerAt === now + delay) return;
    clearTimer();
    timerAt = now + delay;
    timer = clock.setTimeout(onTimer, delay);
  };

  const expire = (now: number): boolean => {
    if (deadlines === 0) return false;
    const expired: Waiter[] = [];
    for (const waiter of queue) if (waiter.deadline <= now) expired.push(waiter);
    for (const waiter of expired) {
      const retryAfterMs =
        waiter === queue.head() ? Math.ceil(buckets.waitFor(waiter.tokens, now)) : undefined;
      if (!queue.remove(waiter)) continue;
      const error = new RateLimited({
        key,
        waitedMs: now - waiter.arrivedAt,
        maxWaitMs: waiter.maxWaitMs,
        retryAfterMs,
      });
      refuse(waiter, error, now);
    }
    return expired.length > 0;
  };

  /** Lets through every head that can go now, refuses callers past their deadline, sets the timer. */
  function process(): void {
    if (processing) {
      dirty = true;
      return;
    }
    processing = true;
    try {
      let now = clock.now();
      do {
        dirty = false;
        now = clock.now();
        for (let head = queue.head(); head !== undefined; head = queue.head()) {
          if (buckets.waitFor(head.tokens, now) > 0) break;
          queue.shift();
          admit(head, now);
        }
        if (expire(now)) dirty = true;
      } while (dirty);
      schedule(now);
    } finally {
      processing = false;
    }
  }

  const enqueue = (request: RateLimitRequest, tokens: number, signal: AbortSignal | undefined) => {
    const now = clock.now();
    if (queue.size === 0 && buckets.waitFor(tokens, now) === 0)
      return Promise.resolve(grant(tokens, now, now));
    const priority =
      request.priority !== undefined && Number.isFinite(request.priority) ? request.priority : 0;
    const maxWaitMs = request.maxWaitMs ?? declared.maxWaitMs;
    const certain = certainWait(tokens, priority, now);
    if (certain > maxWaitMs) {
      rejected += 1;
      emitWait(0, now);
      const retryAfterMs = Number.isFinite(certain) ? Math.ceil(certain) : undefined;
      return Promise.reject(new RateLimited({ key, waitedMs: 0, maxWaitMs, retryAfterMs }));
    }
    const queued = new Promise<RatePermit>((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        priority,
        sequence: sequence++,
        arrivedAt: now,
        deadline: now + maxWaitMs,
        maxWaitMs,
        signal,
        resolve,
        reject,
        onAbort: undefined,
      };
      queue.insert(waiter);
      if (waiter.deadline !== Number.POSITIVE_INFINITY) deadlines += 1;
      if (signal !== undefined) {
        const onAbort = (): void => {
          if (!queue.remove(waiter)) return;
          refuse(waiter, signal.reason, clock.now());
          process();
        };
        waiter.onAbort = onAbort;
        signal.addEventListener('abort', onAbort, { once: true });
      }
      process();
    });
    return traceWait('vega.rate_limit.wait', () => ({ 'vega.rate_limit.key': key }), queued);
  };

  const pauseUntil = (until: number): void => {
    if (buckets.pauseUntil(until) && queue.size > 0) schedule(clock.now());
  };

  return {
    key,

    acquire(request: RateLimitRequest): Promise<RatePermit> {
      const tokens = request.tokens;
      if (!(tokens >= 0 && tokens < Number.POSITIVE_INFINITY)) {
        return Promise.reject(
          new RangeError(`Rate limit '${key}': tokens must be a finite number ≥ 0; got ${String(tokens)}.`),
        );
      }
      if (request.maxWaitMs !== undefined && !(request.maxWaitMs >= 0)) {
        return Promise.reject(
          new RangeError(`Rate limit '${key}': maxWaitMs must be ≥ 0; got ${String(request.maxWaitMs)}.`),
        );
      }
      const signal = request.signal;
      if (signal?.aborted) {
        rejected += 1;
        emitWait(0, clock.now());
        return Promise.reject(signal.reason);
      }
      if (!buckets.limited && queue.size === 0) {
        if (buckets.pausedUntil === Number.NEGATIVE_INFINITY || buckets.endPauseIfOver(clock.now())) {
          granted += 1;
          return unlimitedGrant;
        }
      }
      return enqueue(request, tokens, signal);
    },

    observe(observation: RateLimitObservation): void {
      const now = clock.now();
      const retryAfterMs = observation.retryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs >= 0) pauseUntil(now + retryAfterMs);
      if (learn) {
        const learned = buckets.learn(observation, now);
        if (learned !== undefined) emit({ type: 'rate-limit-learned', at: now, key, ...learned });
      }
      buckets.syncRemaining(observation, now);
      if (queue.size > 0) process();
    },

    pauseUntil,

    limits(): RateLimitOptions {
      return {
        ...buckets.limits(),
        ...(options.maxWaitMs === undefined ? {} : { maxWaitMs: options.maxWaitMs }),
      };
    },

    stats(): RateLimiterStats {
      return { queueDepth: queue.size, granted, rejected, totalWaitMs, maxWaitMs: longestWaitMs };
    },
  };
}
