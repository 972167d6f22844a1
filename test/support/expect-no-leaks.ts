import nodeProcess from 'node:process';
import { expect } from 'vitest';
import type { ProcessRuntime } from '../../src/runtime/process/process-runtime.ts';
import type { ManualClock } from '../../src/testing/manual-clock.ts';

/** How many Node timers were active before a test that runs on the system clock. */
export interface TimeoutBaseline {
  readonly activeTimeouts: number;
}

/** Node's active (referenced) timers right now. */
export function activeTimeoutCount(): number {
  return nodeProcess.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

/**
 * Takes the baseline that {@link expectNoLeaks} compares against; call it first thing in a test whose
 * runtime uses the system clock.
 *
 * @example
 * const baseline = timeoutBaseline();
 * const runtime = createProcessRuntime();
 * // ...
 * await expectNoLeaks(runtime, baseline);
 */
export function timeoutBaseline(): TimeoutBaseline {
  return { activeTimeouts: activeTimeoutCount() };
}

const isManualClock = (clock: ManualClock | TimeoutBaseline): clock is ManualClock =>
  'pendingTimers' in clock;

/**
 * Shuts the runtime down and asserts it holds nothing afterwards: every count in `stats()` is zero, and
 * no timer is left, on the manual clock (`pendingTimers()`) or, for a runtime on the system clock, among
 * Node's active resources (no more `Timeout` entries than at the baseline).
 *
 * @example
 * const clock = manualClock();
 * const runtime = createProcessRuntime({ clock });
 * // ...
 * await expectNoLeaks(runtime, clock);
 */
export async function expectNoLeaks(
  runtime: ProcessRuntime,
  clock: ManualClock | TimeoutBaseline,
): Promise<void> {
  await runtime.shutdown();
  expect(runtime.stats(), 'runtime.stats() after shutdown').toEqual({
    processes: 0,
    names: 0,
    timers: 0,
    lingering: 0,
    pendingCalls: 0,
    blockedSenders: 0,
    listeners: 0,
  });
  if (isManualClock(clock)) {
    expect(clock.pendingTimers(), 'timers left on the manual clock').toBe(0);
  } else {
    expect(activeTimeoutCount(), 'Node timers left active').toBeLessThanOrEqual(clock.activeTimeouts);
  }
}
