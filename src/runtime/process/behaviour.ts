import type { ExitReason } from './exit-reason.ts';
import type { Self } from './self.ts';
import type { SystemMessage } from './system-messages.ts';

/**
 * A process written as one async function, Erlang style: it loops on `self.receive()` and ends when it
 * returns (`normal`) or throws (the error is the exit reason).
 *
 * @example
 * const echo: ProcessBody<string> = async (self) => {
 *   for (;;) console.log(await self.receive());
 * };
 */
export type ProcessBody<Message = unknown> = (self: Self<Message>) => Promise<void> | void;

/**
 * A process written as handlers over a state, like OTP's gen_server: the runtime takes one message at a
 * time from the mailbox and calls the matching handler; a handler that returns a promise holds the next
 * message back until it settles. Idle servers cost no pending promise, which is what lets a million of
 * them sit in one Node process. State is mutable: handlers change it in place.
 *
 * @example
 * const counter: Server<{ count: number }, number, 'get', number> = {
 *   init: () => ({ count: 0 }),
 *   handle: (state, amount) => { state.count += amount; },
 *   reply: (state) => state.count,
 * };
 */
export interface Server<State = unknown, Message = unknown, Request = never, Reply = unknown> {
  /** Builds the state when the process starts; messages wait until it is done. */
  init(self: Self<Message>): State | Promise<State>;
  /** A message sent with `send`. Missing: such a message crashes the server as unexpected. */
  handle?(state: State, message: Message, self: Self<Message>): void | Promise<void>;
  /** A request made with `call`; the return value is the reply. */
  reply?(state: State, request: Request, self: Self<Message>): Reply | Promise<Reply>;
  /**
   * An exit signal (when trapping exits) or a monitor's down message. Missing: an exit message from the
   * parent or the runtime, or with an abnormal reason, ends the server with that reason; others are
   * dropped.
   */
  info?(state: State, message: SystemMessage, self: Self<Message>): void | Promise<void>;
  /** Cleanup when the server ends for any reason but `killed`. Errors here are reported, not raised. */
  terminate?(state: State, reason: ExitReason, self: Self<Message>): void | Promise<void>;
}

/** A server of any types, where only the shape matters (a supervisor's child list). */
// biome-ignore lint/suspicious/noExplicitAny: a server's state type is invariant; a child list must accept every server.
export type AnyServer = Server<any, any, any, any>;

/** What a mailbox does when it is full. */
export type MailboxOverflow = 'wait' | 'fail';

/** A bounded mailbox: at most `capacity` messages; a full one makes senders wait or fail. */
export interface MailboxOptions {
  /** Default 1,000. */
  readonly capacity?: number;
  /** `wait` (default): `send` waits for room, so a fast sender is slowed to the receiver's pace. `fail`: `send` rejects with `MailboxFull`. */
  readonly overflow?: MailboxOverflow;
}

/** Options of `spawn`. */
export interface SpawnOptions {
  /** Registers the process under this name (it must be free). */
  readonly name?: string;
  /** Links the new process to its parent (the spawning process). */
  readonly link?: boolean;
  /** Exit signals arrive as `ExitMessage`s instead of ending the process. */
  readonly trapExits?: boolean;
  readonly mailbox?: MailboxOptions;
}
