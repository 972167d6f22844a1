import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromNanoDollars, toNanoDollars } from '../../cost/nano-dollars.ts';
import { BudgetExceeded } from '../../errors/policy-errors.ts';
import type { OnExceed } from '../policy-options.ts';
import type { BudgetReservation, BudgetScope } from './budget-scope.ts';
import { createBudget } from './create-budget.ts';

// ---------------------------------------------------------------- generated trees and calls

const MAX_DEPTH = 4;

interface TreeSpec {
  readonly limitNano: number | undefined;
  readonly children: readonly TreeSpec[];
}

/** Limits up to $3 and amounts up to $1.5, so a handful of calls contend for most limits. */
const limitArbitrary = fc.option(fc.integer({ min: 0, max: 3_000_000_000 }), { nil: undefined });

function treeArbitrary(depth: number): fc.Arbitrary<TreeSpec> {
  return fc.record({
    limitNano: limitArbitrary,
    children:
      depth >= MAX_DEPTH
        ? fc.constant([])
        : fc.array(treeArbitrary(depth + 1), { maxLength: depth === 1 ? 3 : 2 }),
  });
}

/** One model call: reserve its worst case, then (after failed attempts released) settle or release. */
interface CallSpec {
  /** An index into the scopes, taken modulo their number. */
  readonly scope: number;
  /** Keys repeat across calls, so some calls are retries or duplicates of others. */
  readonly key: number;
  readonly amountNano: number;
  /** The actual cost as a percentage of what is held. */
  readonly actualPercent: number;
  readonly end: 'settle' | 'release';
  /** Attempts that fail before being billed (released) and are retried with the same key. */
  readonly failedAttempts: number;
}

const callArbitrary: fc.Arbitrary<CallSpec> = fc.record({
  scope: fc.nat(),
  key: fc.integer({ min: 0, max: 9 }),
  amountNano: fc.oneof(fc.integer({ min: 0, max: 1_500_000_000 }), fc.constantFrom(0, 1, 1_000_000_000)),
  actualPercent: fc.integer({ min: 0, max: 100 }),
  end: fc.constantFrom<'settle' | 'release'>('settle', 'settle', 'release'),
  failedAttempts: fc.integer({ min: 0, max: 2 }),
});

interface FlatScope {
  readonly parent: number | undefined;
  readonly limitNano: number | undefined;
}

function flatten(tree: TreeSpec): FlatScope[] {
  const scopes: FlatScope[] = [];
  const visit = (node: TreeSpec, parent: number | undefined): void => {
    const index = scopes.length;
    scopes.push({ parent, limitNano: node.limitNano });
    for (const child of node.children) visit(child, index);
  };
  visit(tree, undefined);
  return scopes;
}

function buildTree(flat: readonly FlatScope[], onExceed: OnExceed, onEvent: () => void): BudgetScope[] {
  const scopes: BudgetScope[] = [];
  flat.forEach((spec, index) => {
    const options = {
      onExceed,
      ...(spec.limitNano === undefined ? {} : { limitUsd: fromNanoDollars(spec.limitNano) }),
    };
    const parent = spec.parent === undefined ? undefined : scopes[spec.parent];
    scopes.push(
      parent === undefined
        ? createBudget({ name: 's0', ...options, onEvent })
        : parent.child(`s${index}`, options),
    );
  });
  return scopes;
}

// ---------------------------------------------------------------- the reference model

interface ModelEntry {
  state: 'held' | 'settled' | 'released';
  readonly scope: number;
  readonly amountNano: number;
  settledNano: number;
  /** Which hold of the key this is; a handle from an older hold is finished. */
  readonly generation: number;
  /** The real budget's answer to the call that made this hold. */
  answer: Promise<BudgetReservation> | undefined;
}

type Prediction =
  | { readonly kind: 'existing'; readonly entry: ModelEntry }
  | { readonly kind: 'hold'; readonly entry: ModelEntry }
  | {
      readonly kind: 'block';
      readonly scope: number;
      readonly limitNano: number;
      readonly usedNano: number;
      readonly reservedNano: number;
    };

/** Budgets as plain arrays: what `createBudget` with `onExceed: 'block'` everywhere must do. */
class BudgetModel {
  readonly scopes: readonly FlatScope[];
  readonly used: number[];
  readonly reserved: number[];
  readonly keys = new Map<string, ModelEntry>();
  #generations = 0;

  constructor(scopes: readonly FlatScope[]) {
    this.scopes = scopes;
    this.used = scopes.map(() => 0);
    this.reserved = scopes.map(() => 0);
  }

  /** The scope and its ancestors, leaf first. */
  upward(scope: number): number[] {
    const path: number[] = [];
    for (let index: number | undefined = scope; index !== undefined; index = this.scopes[index]?.parent) {
      path.push(index);
    }
    return path;
  }

  /** Predicts a reservation and applies it to the model. */
  reserve(scope: number, key: string, amountNano: number): Prediction {
    const existing = this.keys.get(key);
    if (existing !== undefined && existing.state !== 'released') {
      return { kind: 'existing', entry: existing };
    }
    for (const index of this.upward(scope)) {
      const limitNano = this.scopes[index]?.limitNano;
      if (limitNano !== undefined && this.used[index]! + this.reserved[index]! + amountNano > limitNano) {
        return {
          kind: 'block',
          scope: index,
          limitNano,
          usedNano: this.used[index]!,
          reservedNano: this.reserved[index]!,
        };
      }
    }
    for (const index of this.upward(scope)) this.reserved[index]! += amountNano;
    const entry: ModelEntry = {
      state: 'held',
      scope,
      amountNano,
      settledNano: 0,
      generation: ++this.#generations,
      answer: undefined,
    };
    this.keys.set(key, entry);
    return { kind: 'hold', entry };
  }

  /** Settles (or, without an amount, releases) the hold of `generation`, if it is still held. */
  finish(key: string, generation: number, actualNano?: number): void {
    const entry = this.keys.get(key);
    if (entry === undefined || entry.generation !== generation || entry.state !== 'held') return;
    for (const index of this.upward(entry.scope)) {
      this.reserved[index]! -= entry.amountNano;
      if (actualNano !== undefined) this.used[index]! += actualNano;
    }
    entry.state = actualNano === undefined ? 'released' : 'settled';
    entry.settledNano = actualNano ?? 0;
  }

  settledTotal(): number {
    let total = 0;
    for (const entry of this.keys.values()) if (entry.state === 'settled') total += entry.settledNano;
    return total;
  }
}

// ---------------------------------------------------------------- checks

/** For every scope with a limit: used + reserved ≤ limit and used ≤ limit. */
function expectWithinLimits(flat: readonly FlatScope[], scopes: readonly BudgetScope[]): void {
  flat.forEach((spec, index) => {
    if (spec.limitNano === undefined) return;
    const scope = scopes[index]!;
    const used = toNanoDollars(scope.used());
    const reserved = toNanoDollars(scope.reserved());
    expect(used + reserved, `used + reserved of ${scope.path}`).toBeLessThanOrEqual(spec.limitNano);
    expect(used, `used of ${scope.path}`).toBeLessThanOrEqual(spec.limitNano);
  });
}

function expectMatchesModel(model: BudgetModel, scopes: readonly BudgetScope[]): void {
  scopes.forEach((scope, index) => {
    expect(toNanoDollars(scope.used()), `used of ${scope.path}`).toBe(model.used[index]);
    expect(toNanoDollars(scope.reserved()), `reserved of ${scope.path}`).toBe(model.reserved[index]);
    let least: number | undefined;
    for (const up of model.upward(index)) {
      const limitNano = model.scopes[up]?.limitNano;
      if (limitNano === undefined) continue;
      const room = Math.max(0, limitNano - model.used[up]! - model.reserved[up]!);
      least = least === undefined ? room : Math.min(least, room);
    }
    const remaining = scope.remaining();
    expect(remaining === undefined ? undefined : toNanoDollars(remaining), `remaining of ${scope.path}`).toBe(
      least,
    );
  });
}

const actualOf = (amountNano: number, percent: number): number => Math.floor((amountNano * percent) / 100);

// ---------------------------------------------------------------- properties

describe('budget properties', () => {
  it('concurrent calls with onExceed block match the reference model and never pass a limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArbitrary(1),
        fc.array(callArbitrary, { minLength: 1, maxLength: 24 }),
        fc.scheduler(),
        async (tree, calls, scheduler) => {
          const flat = flatten(tree);
          let scopes: BudgetScope[] = [];
          // Checked at every event too, i.e. in the middle of the budget's own work.
          scopes = buildTree(flat, 'block', () => expectWithinLimits(flat, scopes));
          const model = new BudgetModel(flat);
          const handles: BudgetReservation[] = [];

          const runCall = async (call: CallSpec, index: number): Promise<void> => {
            const scopeIndex = call.scope % scopes.length;
            const scope = scopes[scopeIndex]!;
            const key = `k${call.key}`;
            for (let attempt = 0; attempt <= call.failedAttempts; attempt++) {
              await scheduler.schedule(
                Promise.resolve(),
                `call ${index} reserves ${key} (attempt ${attempt})`,
              );
              // The model and the budget see the call in the same synchronous step.
              const prediction = model.reserve(scopeIndex, key, call.amountNano);
              const answer = scope.reserve(key, fromNanoDollars(call.amountNano));
              if (prediction.kind === 'hold') prediction.entry.answer = answer;
              expectMatchesModel(model, scopes);
              expectWithinLimits(flat, scopes);

              if (prediction.kind === 'block') {
                const error = await answer.then(
                  () => undefined,
                  (caught: unknown) => caught,
                );
                expect(BudgetExceeded.isBudgetExceeded(error), 'expected BudgetExceeded').toBe(true);
                // The request really did not fit, in the scope named, with the figures given.
                expect(error).toMatchObject({
                  scope: scopes[prediction.scope]!.path,
                  limitUsd: fromNanoDollars(prediction.limitNano),
                  spentUsd: fromNanoDollars(prediction.usedNano),
                  reservedUsd: fromNanoDollars(prediction.reservedNano),
                  requestedUsd: fromNanoDollars(call.amountNano),
                });
                expect(prediction.usedNano + prediction.reservedNano + call.amountNano).toBeGreaterThan(
                  prediction.limitNano,
                );
                return;
              }
              const reservation = await answer;
              const entry = prediction.entry;
              // A held or settled key answers with the reservation of the call that made the hold.
              expect(reservation).toBe(await entry.answer);
              expect(reservation.amountUsd).toBe(fromNanoDollars(entry.amountNano));
              handles.push(reservation);

              await scheduler.schedule(Promise.resolve(), `call ${index} ends attempt ${attempt} of ${key}`);
              if (attempt < call.failedAttempts || call.end === 'release') {
                model.finish(key, entry.generation);
                reservation.release();
              } else {
                const actualNano = actualOf(entry.amountNano, call.actualPercent);
                model.finish(key, entry.generation, actualNano);
                reservation.settle(fromNanoDollars(actualNano));
              }
              expectMatchesModel(model, scopes);
              expectWithinLimits(flat, scopes);
            }
          };

          await scheduler.waitFor(Promise.all(calls.map(runCall)));

          expectWithinLimits(flat, scopes);
          expectMatchesModel(model, scopes);
          for (const scope of scopes)
            expect(scope.reserved(), `reserved of ${scope.path} at the end`).toBe(0);
          for (const handle of handles) expect(handle.state).not.toBe('held');
          // Each key charged at most once: the root's spend is the sum over distinct keys.
          expect(toNanoDollars(scopes[0]!.used())).toBe(model.settledTotal());
        },
      ),
      { numRuns: 200 },
    );
  });

  it('paused calls never pass a limit, resume only when they fit, and all end once limits are lifted', async () => {
    await fc.assert(
      fc.asyncProperty(
        treeArbitrary(1),
        fc.array(
          fc.record({
            call: callArbitrary,
            abort: fc.boolean(),
            onExceed: fc.constantFrom<OnExceed>('pause', 'block'),
          }),
          { minLength: 1, maxLength: 16 },
        ),
        fc.array(fc.record({ scope: fc.nat(), raiseNano: fc.integer({ min: 0, max: 1_000_000_000 }) }), {
          maxLength: 4,
        }),
        fc.scheduler(),
        async (tree, calls, raises, scheduler) => {
          const flat = flatten(tree).map((spec) => ({ ...spec }));
          let scopes: BudgetScope[] = [];
          scopes = buildTree(flat, 'pause', () => expectWithinLimits(flat, scopes));
          // Some leaves block instead: mixed trees.
          const mixed = calls.map(({ call, onExceed }, index) => {
            const parent = scopes[call.scope % scopes.length]!;
            return onExceed === 'pause' ? parent : parent.child(`c${index}`, { onExceed });
          });
          const settledByKey = new Map<string, number>();
          const handles: BudgetReservation[] = [];

          const raiseLimit = async (raise: { scope: number; raiseNano: number }, index: number) => {
            await scheduler.schedule(Promise.resolve(), `raise ${index}`);
            const at = raise.scope % scopes.length;
            const spec = flat[at]!;
            if (spec.limitNano === undefined) return;
            const limitNano = spec.limitNano + raise.raiseNano;
            Object.assign(spec, { limitNano });
            scopes[at]!.setLimit(fromNanoDollars(limitNano));
            expectWithinLimits(flat, scopes);
          };
          const liftAll = async () => {
            await scheduler.schedule(Promise.resolve(), 'lift all limits');
            flat.forEach((spec, index) => {
              Object.assign(spec, { limitNano: undefined });
              scopes[index]!.setLimit(undefined);
            });
          };

          const runCall = async ({ call, abort }: { call: CallSpec; abort: boolean }, index: number) => {
            const scope = mixed[index]!;
            const key = `k${call.key}`;
            const controller = new AbortController();
            if (abort) {
              void scheduler
                .schedule(Promise.resolve(), `abort call ${index}`)
                .then(() => controller.abort(new Error(`abort ${index}`)));
            }
            for (let attempt = 0; attempt <= call.failedAttempts; attempt++) {
              await scheduler.schedule(Promise.resolve(), `call ${index} reserves ${key}`);
              let reservation: BudgetReservation;
              try {
                reservation = await scope.reserve(key, fromNanoDollars(call.amountNano), {
                  signal: controller.signal,
                });
              } catch (error) {
                const expected = BudgetExceeded.isBudgetExceeded(error) || controller.signal.aborted;
                expect(expected, `unexpected rejection: ${String(error)}`).toBe(true);
                return;
              }
              expectWithinLimits(flat, scopes);
              handles.push(reservation);
              await scheduler.schedule(Promise.resolve(), `call ${index} ends ${key}`);
              const wasHeld = reservation.state === 'held';
              if (attempt < call.failedAttempts || call.end === 'release') {
                reservation.release();
              } else {
                const actualNano = actualOf(toNanoDollars(reservation.amountUsd), call.actualPercent);
                reservation.settle(fromNanoDollars(actualNano));
                if (wasHeld) {
                  expect(settledByKey.has(key), `${key} charged twice`).toBe(false);
                  settledByKey.set(key, actualNano);
                }
              }
              expectWithinLimits(flat, scopes);
            }
          };

          await scheduler.waitFor(Promise.all([...calls.map(runCall), ...raises.map(raiseLimit), liftAll()]));

          for (const scope of scopes)
            expect(scope.reserved(), `reserved of ${scope.path} at the end`).toBe(0);
          for (const handle of handles) expect(handle.state).not.toBe('held');
          const total = [...settledByKey.values()].reduce((sum, value) => sum + value, 0);
          expect(toNanoDollars(scopes[0]!.used())).toBe(total);
        },
      ),
      { numRuns: 150 },
    );
  });
});
