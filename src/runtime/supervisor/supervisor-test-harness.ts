import { expect } from 'vitest';
import { expectNoLeaks } from '../../../test/support/expect-no-leaks.ts';
import { type ManualClock, manualClock } from '../../testing/manual-clock.ts';
import type { ProcessBody, Server } from '../process/behaviour.ts';
import { describeExitReason, type ExitReason } from '../process/exit-reason.ts';
import type { Pid } from '../process/pid.ts';
import { createProcessRuntime, type ProcessRuntime } from '../process/process-runtime.ts';
import { isExitMessage } from '../process/system-messages.ts';
import type { RuntimeEvent } from '../runtime-event.ts';
import type { ChildSpec } from './child-spec.ts';

/** What a harness worker understands: crash with an error, or end with a reason of its own. */
export type WorkerMessage =
  | { readonly type: 'crash'; readonly error: Error }
  | { readonly type: 'exit'; readonly reason: ExitReason };

type EventOf<Type extends RuntimeEvent['type']> = Extract<RuntimeEvent, { type: Type }>;

/**
 * A process runtime on a manual clock, with every runtime event recorded and a log that workers write
 * `start <id>` and `stop <id> (<reason>)` to, so tests can read the order things happened in.
 */
export interface SupervisorHarness {
  readonly clock: ManualClock;
  readonly runtime: ProcessRuntime;
  readonly events: RuntimeEvent[];
  readonly log: string[];
  /** A child running a logging worker, registered under its id so tests can reach it. */
  child(id: string, fields?: Omit<Partial<ChildSpec>, 'id'>): ChildSpec;
  /** A child that traps exits and never ends by itself: only a kill ends it. */
  stubborn(id: string, fields?: Omit<Partial<ChildSpec>, 'id'>): ChildSpec;
  /** A child that traps exits, cleans up for `cleanupMs` after the exit signal, then ends with its reason. */
  tidy(id: string, cleanupMs: number, fields?: Omit<Partial<ChildSpec>, 'id'>): ChildSpec;
  /** Lets every process run until nothing is left to do without time moving. */
  settle(): Promise<void>;
  /** The live process registered as `name`; fails the test when there is none. */
  pid(name: string): Pid;
  /** Makes the worker registered as `name` crash with a new error, and returns that error. */
  crash(name: string, message?: string): Promise<Error>;
  /** Makes the worker registered as `name` end with `reason`. */
  end(name: string, reason: ExitReason): Promise<void>;
  eventsOf<Type extends RuntimeEvent['type']>(type: Type): EventOf<Type>[];
}

const open: SupervisorHarness[] = [];

/** A new harness; {@link closeHarnesses} shuts it down and checks it leaked nothing. */
export function harness(): SupervisorHarness {
  const clock = manualClock();
  const runtime = createProcessRuntime({ clock });
  const events: RuntimeEvent[] = [];
  const log: string[] = [];
  runtime.on((event) => events.push(event));

  const worker = (id: string): Server<undefined, WorkerMessage> => ({
    init() {
      log.push(`start ${id}`);
      return undefined;
    },
    handle(_state, message, self) {
      if (message.type === 'crash') throw message.error;
      self.exit(message.reason);
    },
    terminate(_state, reason) {
      log.push(`stop ${id} (${describeExitReason(reason)})`);
    },
  });

  const stubbornBody =
    (id: string): ProcessBody =>
    async (self) => {
      log.push(`start ${id}`);
      for (;;) {
        const message = await self.receive();
        if (isExitMessage(message)) log.push(`ignore ${id} (${describeExitReason(message.reason)})`);
      }
    };

  const tidyBody =
    (id: string, cleanupMs: number): ProcessBody =>
    async (self) => {
      log.push(`start ${id}`);
      const exit = await self.receive(isExitMessage);
      log.push(`clean ${id}`);
      // Nothing ever matches: this only waits cleanupMs on the runtime's clock.
      await self.receive(() => false, { timeoutMs: cleanupMs }).catch(() => undefined);
      self.exit(exit.reason);
    };

  const pid = (name: string): Pid => {
    const found = runtime.whereis(name);
    expect(found, `a live process named '${name}'`).toBeDefined();
    return found as Pid;
  };

  const created: SupervisorHarness = {
    clock,
    runtime,
    events,
    log,
    child: (id, fields = {}) => ({ id, start: worker(id), options: { name: id }, ...fields }),
    stubborn: (id, fields = {}) => ({
      id,
      start: stubbornBody(id),
      options: { name: id, trapExits: true },
      ...fields,
    }),
    tidy: (id, cleanupMs, fields = {}) => ({
      id,
      start: tidyBody(id, cleanupMs),
      options: { name: id, trapExits: true },
      ...fields,
    }),
    settle: () => clock.tick(0),
    pid,
    async crash(name, message = `${name} failed`) {
      const error = new Error(message);
      await clock.tick(0);
      await runtime.send<WorkerMessage>(pid(name) as Pid<WorkerMessage>, { type: 'crash', error });
      await clock.tick(0);
      return error;
    },
    async end(name, reason) {
      await clock.tick(0);
      await runtime.send<WorkerMessage>(pid(name) as Pid<WorkerMessage>, { type: 'exit', reason });
      await clock.tick(0);
    },
    eventsOf: <Type extends RuntimeEvent['type']>(type: Type) =>
      events.filter((event): event is EventOf<Type> => event.type === type),
  };
  open.push(created);
  return created;
}

/** For `afterEach`: shuts down every harness made since the last call and checks none leaked. */
export async function closeHarnesses(): Promise<void> {
  const closing = open.splice(0);
  for (const each of closing) await expectNoLeaks(each.runtime, each.clock);
}
