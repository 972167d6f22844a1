import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { map } from './map.ts';
import { parallel } from './parallel.ts';
import { ParallelFailed } from './parallel-failed.ts';
import type { ParallelMode, ParallelOptions, Task } from './parallel-options.ts';

/** What one task does: end when the scheduler lets it (or at once), succeed or fail, heed its signal or not. */
interface TaskPlan {
  readonly fails: boolean;
  readonly synchronous: boolean;
  readonly ignoresAbort: boolean;
}

const planArbitrary = fc.record({
  tasks: fc.array(
    fc.record({
      fails: fc.boolean(),
      synchronous: fc.boolean(),
      ignoresAbort: fc.boolean(),
    }),
    { maxLength: 12 },
  ),
  concurrency: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  mode: fc.constantFrom<ParallelMode>('fail-fast', 'collect-all'),
  abortsOuter: fc.boolean(),
  through: fc.constantFrom<'parallel' | 'map'>('parallel', 'map'),
});

/** The first thing that decided the call's outcome before it settled, in the order it happened. */
type Decision = { readonly kind: 'failure'; readonly index: number } | { readonly kind: 'abort' };

/** Everything the tasks saw, written down as it happens. */
class Journal {
  readonly startOrder: number[] = [];
  readonly signals: AbortSignal[] = [];
  readonly endedAt: number[] = [];
  readonly errors: Error[] = [];
  running = 0;
  maxRunning = 0;
  pulled = 0;
  settled = false;
  runningAtSettle = -1;
  startedAfterDecision = false;
  startedAfterSettle = false;
  endedAfterSettle = false;
  decision: Decision | undefined;
  /** The tasks that had ended when the decision was made; those still running must have been aborted. */
  endedAtDecision: ReadonlySet<number> = new Set();

  decide(decision: Decision): void {
    if (this.settled || this.decision !== undefined) return;
    this.decision = decision;
    this.endedAtDecision = new Set(this.endedAt);
  }
}

const failureOf = (index: number): Error => new Error(`task ${index} failed`);

function plannedTasks(
  plans: readonly TaskPlan[],
  mode: ParallelMode,
  scheduler: fc.Scheduler,
  journal: Journal,
): Task<number>[] {
  return plans.map((plan, index) => (signal) => {
    if (journal.settled) journal.startedAfterSettle = true;
    if (journal.decision !== undefined) journal.startedAfterDecision = true;
    journal.startOrder.push(index);
    journal.signals[index] = signal;
    journal.running++;
    journal.maxRunning = Math.max(journal.maxRunning, journal.running);

    const end = (): void => {
      journal.running--;
      journal.endedAt.push(index);
      if (journal.settled) journal.endedAfterSettle = true;
    };
    const failAsPlanned = (): Error => {
      if (mode === 'fail-fast') journal.decide({ kind: 'failure', index });
      const error = failureOf(index);
      journal.errors[index] = error;
      return error;
    };

    if (plan.synchronous) {
      end();
      if (plan.fails) throw failAsPlanned();
      return index * 10;
    }
    return new Promise<number>((resolve, reject) => {
      let ended = false;
      const onAbort = (): void => {
        if (plan.ignoresAbort || ended) return;
        ended = true;
        end();
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      scheduler.schedule(Promise.resolve(), `task ${index}`).then(() => {
        signal.removeEventListener('abort', onAbort);
        if (ended) return;
        ended = true;
        end();
        if (plan.fails) reject(failAsPlanned());
        else resolve(index * 10);
      });
    });
  });
}

type Outcome =
  | { readonly fulfilled: true; readonly value: number[] }
  | { readonly fulfilled: false; readonly reason: unknown };

/** Notes, in the first reaction to the call settling, how many tasks were still running then. */
function observe(call: Promise<number[]>, journal: Journal): Promise<Outcome> {
  const settle = (outcome: Outcome): Outcome => {
    journal.settled = true;
    journal.runningAtSettle = journal.running;
    return outcome;
  };
  return call.then(
    (value) => settle({ fulfilled: true, value }),
    (reason: unknown) => settle({ fulfilled: false, reason }),
  );
}

function run(
  through: 'parallel' | 'map',
  tasks: readonly Task<number>[],
  journal: Journal,
  options: ParallelOptions,
): Promise<number[]> {
  if (through === 'parallel') return parallel(tasks, options);
  function* indexes(): Generator<number> {
    for (let index = 0; index < tasks.length; index++) {
      journal.pulled++;
      yield index;
    }
  }
  return map(indexes(), (index, _position, signal) => tasks[index]!(signal), options);
}

describe('parallel and map, against a model of what they must do', () => {
  it('keep order and the concurrency bound, leave nothing running, and settle as the model says', async () => {
    await fc.assert(
      fc.asyncProperty(
        planArbitrary,
        fc.scheduler(),
        async ({ tasks: plans, concurrency, mode, abortsOuter, through }, scheduler) => {
          const journal = new Journal();
          const outer = new AbortController();
          const abortReason = new Error('outer abort');
          if (abortsOuter) {
            scheduler.schedule(Promise.resolve(), 'outer abort').then(() => {
              journal.decide({ kind: 'abort' });
              outer.abort(abortReason);
            });
          }
          const options: ParallelOptions = {
            mode,
            signal: outer.signal,
            ...(concurrency === undefined ? {} : { concurrency }),
          };
          const tasks = plannedTasks(plans, mode, scheduler, journal);

          const outcome = observe(run(through, tasks, journal, options), journal);
          await scheduler.waitFor(outcome);
          const listenersAtSettle = getEventListeners(outer.signal, 'abort').length;
          // Release whatever is left, so a task that ends after the call settled would be caught.
          await scheduler.waitIdle();
          const settled = await outcome;

          const limit = concurrency ?? plans.length;
          const started = journal.startOrder.length;
          expect(journal.runningAtSettle).toBe(0);
          expect(journal.startedAfterSettle).toBe(false);
          expect(journal.endedAfterSettle).toBe(false);
          expect(listenersAtSettle).toBe(0);
          expect(journal.startOrder).toEqual(Array.from({ length: started }, (_, index) => index));
          expect(journal.maxRunning).toBeLessThanOrEqual(limit);
          if (plans.length > 0 && plans.every((plan) => !plan.synchronous)) {
            expect(journal.maxRunning).toBe(Math.min(limit, plans.length));
          }
          if (through === 'map') expect(journal.pulled).toBe(started);

          const decision = journal.decision;
          if (decision !== undefined) {
            expect(journal.startedAfterDecision).toBe(false);
            for (const index of journal.startOrder) {
              const endedBefore = journal.endedAtDecision.has(index);
              expect(journal.signals[index]!.aborted).toBe(!endedBefore);
            }
            const expected = decision.kind === 'abort' ? abortReason : journal.errors[decision.index];
            expect(settled).toEqual({ fulfilled: false, reason: expected });
            expect((settled as { reason: unknown }).reason).toBe(expected);
            return;
          }

          // Nothing cut the call short: every task ran exactly once and the outcome follows from the plans.
          expect(journal.startOrder).toHaveLength(plans.length);
          expect(journal.signals.every((signal) => !signal.aborted)).toBe(true);
          const failing = plans.flatMap((plan, index) => (plan.fails ? [index] : []));
          if (failing.length === 0) {
            expect(settled).toEqual({ fulfilled: true, value: plans.map((_, index) => index * 10) });
            return;
          }
          expect(mode).toBe('collect-all');
          expect(settled.fulfilled).toBe(false);
          const error = (settled as { reason: unknown }).reason;
          expect(error).toBeInstanceOf(ParallelFailed);
          const failed = error as ParallelFailed<number>;
          expect(failed.errors).toEqual(failing.map((index) => ({ index, error: failureOf(index) })));
          expect(failed.results).toEqual(
            plans.map((plan, index) =>
              plan.fails
                ? { status: 'rejected', reason: failureOf(index) }
                : { status: 'fulfilled', value: index * 10 },
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
