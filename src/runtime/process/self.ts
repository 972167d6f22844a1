import type { ProcessBody, Server, SpawnOptions } from './behaviour.ts';
import type { ExitReason } from './exit-reason.ts';
import type { Address, Pid } from './pid.ts';
import type { ProcessRuntime } from './process-runtime.ts';
import type { MonitorRef } from './system-messages.ts';

/** Options of `receive`. */
export interface ReceiveOptions {
  /** Reject with `ReceiveTimeout` if no matching message comes in time; 0 only looks at what is there. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Options of `send`. */
export interface SendOptions {
  /** Stops waiting for room in a full mailbox. */
  readonly signal?: AbortSignal;
}

/** Options of `call`. */
export interface CallOptions {
  /** Default 5,000 ms (OTP's default); `Infinity` waits for ever. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * A process as it sees itself, handed to its body and to its server handlers.
 *
 * @example
 * runtime.spawn(async (self) => {
 *   const worker = self.spawn(workerBody, { link: true });
 *   const answer = await self.call(worker, 'ping');
 * });
 */
export interface Self<Message = unknown> extends Pid<Message> {
  readonly runtime: ProcessRuntime;
  readonly parent: Pid | undefined;
  /** Aborts when the process ends, with a `ProcessAborted` reason: pass it to every awaited call. */
  readonly signal: AbortSignal;
  /** Exit signals from links arrive as `ExitMessage`s instead of ending the process. */
  trapExits: boolean;
  /** Takes the oldest message (the oldest that matches, with a pattern), waiting for one if needed. */
  receive(options?: ReceiveOptions): Promise<Message>;
  receive<Matched extends Message>(
    match: (message: Message) => message is Matched,
    options?: ReceiveOptions,
  ): Promise<Matched>;
  receive(match: (message: Message) => boolean, options?: ReceiveOptions): Promise<Message>;
  /** Starts a child process whose parent is this one. */
  spawn<ChildMessage, State = unknown, Request = never, Reply = unknown>(
    body: ProcessBody<ChildMessage> | Server<State, ChildMessage, Request, Reply>,
    options?: SpawnOptions,
  ): Pid<ChildMessage>;
  send<Sent>(to: Address<Sent>, message: NoInfer<Sent>, options?: SendOptions): Promise<void>;
  call<Reply>(to: Address, request: unknown, options?: CallOptions): Promise<Reply>;
  /** Links both ways: when either ends abnormally, the other gets an exit signal. */
  link(pid: Pid): void;
  unlink(pid: Pid): void;
  /** One way: when `pid` ends, this process receives a `DownMessage`. */
  monitor(pid: Pid): MonitorRef;
  demonitor(ref: MonitorRef): void;
  /** Ends this process now with `reason` (default `normal`). */
  exit(reason?: ExitReason): void;
  /** Registers this process under `name`. */
  register(name: string): void;
}
