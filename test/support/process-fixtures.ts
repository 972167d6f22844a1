import { createProcessRuntime, type ProcessRuntime } from '../../src/runtime/process/process-runtime.ts';
import type { Self } from '../../src/runtime/process/self.ts';
import { type ManualClock, manualClock } from '../../src/testing/manual-clock.ts';

/** A process runtime on a manual clock: timeouts fire only when the test advances time. */
export function setup(): { clock: ManualClock; runtime: ProcessRuntime } {
  const clock = manualClock();
  const runtime = createProcessRuntime({ clock });
  return { clock, runtime };
}

/** A body that takes messages for ever and does nothing with them. */
export async function idle(self: Self): Promise<void> {
  for (;;) await self.receive();
}
