import { toNanoDollars } from '../../cost/nano-dollars.ts';
import type { BudgetOptions, OnExceed } from '../policy-options.ts';

const ON_EXCEED: ReadonlySet<string> = new Set<OnExceed>(['block', 'warn', 'pause']);

/** Returns `usd` in integer nano-dollars; throws a TypeError unless it is a finite amount ≥ 0. */
export function checkAmount(usd: number, what: string): number {
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
    throw new TypeError(`${what} must be a finite number of dollars ≥ 0; got ${String(usd)}.`);
  }
  return toNanoDollars(usd);
}

/** Throws a TypeError for a scope name that would make paths ambiguous. */
export function checkScopeName(name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('/')) {
    throw new TypeError(`A budget scope name must be a non-empty string without '/'; got '${String(name)}'.`);
  }
}

/** Throws a TypeError for a limit, alert, `onExceed` or webhook that cannot work. */
export function checkBudgetOptions(options: BudgetOptions, scope: string): void {
  if (options.limitUsd !== undefined) checkAmount(options.limitUsd, `The limit of budget '${scope}'`);
  for (const threshold of options.alerts ?? []) {
    if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
      throw new TypeError(
        `Budget '${scope}': alert thresholds are fractions of the limit > 0; got ${String(threshold)}.`,
      );
    }
  }
  if (options.onExceed !== undefined && !ON_EXCEED.has(options.onExceed)) {
    throw new TypeError(
      `Budget '${scope}': onExceed must be 'block', 'warn' or 'pause'; got '${String(options.onExceed)}'.`,
    );
  }
  if (options.webhook !== undefined) {
    const protocol = URL.canParse(options.webhook) ? new URL(options.webhook).protocol : undefined;
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new TypeError(`Budget '${scope}': webhook must be an http(s) URL; got '${options.webhook}'.`);
    }
  }
}
