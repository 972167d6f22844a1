import { describe, expect, it } from 'vitest';
import { createProcessRuntime } from '../../src/runtime/process/process-runtime.ts';
import { manualClock } from '../../src/testing/manual-clock.ts';
import { activeTimeoutCount, expectNoLeaks, timeoutBaseline } from './expect-no-leaks.ts';

describe('expectNoLeaks', () => {
  it('passes for a runtime that was shut down clean', async () => {
    const clock = manualClock();
    const runtime = createProcessRuntime({ clock });
    runtime.spawn(async (self) => {
      await self.receive({ timeoutMs: 1_000 });
    });
    await clock.tick(0);
    await expect(expectNoLeaks(runtime, clock)).resolves.toBeUndefined();
  });

  it('fails on a timer left on the manual clock', async () => {
    const clock = manualClock();
    const runtime = createProcessRuntime({ clock });
    clock.setTimeout(() => {}, 1_000);
    await expect(expectNoLeaks(runtime, clock)).rejects.toThrow(/manual clock/);
  });

  it('fails on a Node timer started after the baseline', async () => {
    const baseline = timeoutBaseline();
    const runtime = createProcessRuntime();
    const leaked = setTimeout(() => {}, 60_000);
    try {
      expect(activeTimeoutCount()).toBe(baseline.activeTimeouts + 1);
      await expect(expectNoLeaks(runtime, baseline)).rejects.toThrow(/Node timers/);
    } finally {
      clearTimeout(leaked);
    }
  });

  it('fails when the runtime still holds something after shutdown', async () => {
    const clock = manualClock();
    const runtime = createProcessRuntime({ clock });
    const gate = Promise.withResolvers<void>();
    runtime.spawn(async () => {
      await gate.promise;
    });
    await clock.tick(0);
    const check = expectNoLeaks(runtime, clock).then(
      () => undefined,
      (error: unknown) => error,
    );
    // The body ignores its signal past the shutdown deadline: it is still lingering when stats are read.
    await clock.tick(5_000);
    const failure = await check;
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/runtime\.stats\(\) after shutdown/);
    expect(runtime.stats().lingering).toBe(1);
    gate.resolve();
  });
});
