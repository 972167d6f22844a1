import type { ExitReason } from './exit-reason.ts';

declare const messageType: unique symbol;

/**
 * A process as others see it: an id, a registered name if it has one, and whether it is alive. The
 * type parameter is the messages it accepts, so `send` can check them.
 *
 * @example
 * const counter: Pid<number> = runtime.spawn(counterServer);
 * await runtime.send(counter, 1);
 */
export interface Pid<Message = unknown> {
  readonly id: number;
  /** The registered name, while the process is alive and registered. */
  readonly name: string | undefined;
  readonly alive: boolean;
  /** Why it ended; undefined while it is alive. */
  readonly exitReason: ExitReason | undefined;
  /** Type-level only: the messages this process accepts. */
  readonly [messageType]?: Message;
}

/** Where a message can go: a process or a registered name. */
export type Address<Message = unknown> = Pid<Message> | string;
