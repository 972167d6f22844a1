import { ProcessAborted } from '../../errors/process-errors.ts';
import type { ProcessBody, Server, SpawnOptions } from './behaviour.ts';
import type { ExitReason } from './exit-reason.ts';
import type { Mailbox } from './mailbox.ts';
import type { Address, Pid } from './pid.ts';
import type { ProcessRuntime } from './process-runtime.ts';
import type { CallOptions, ReceiveOptions, Self, SendOptions } from './self.ts';
import type { MonitorRef } from './system-messages.ts';

/** Lifecycle of a process: spawned but not yet run, running, ended. */
export const NEW = 0;
export const RUNNING = 1;
export const DEAD = 2;

/** A monitor set on `target`: it tells a watching process (a `DownMessage`) or calls back. */
export interface Monitor extends MonitorRef {
  readonly target: Process;
  readonly watcher: Process | undefined;
  readonly callback: ((reason: ExitReason) => void) | undefined;
}

/** The receive a process is waiting in, if any. */
export interface PendingReceive {
  readonly resolve: (message: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly match: ((message: unknown) => boolean) | undefined;
  timer: object | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * One process: the record the runtime keeps, and the `Self` its body sees. Fields that most processes
 * never need (links, monitors, the abort controller, the mailbox's storage) are created on first use,
 * so an idle process costs a few hundred bytes.
 */
export class Process implements Self<unknown> {
  readonly id: number;
  name: string | undefined = undefined;
  readonly parent: Process | undefined;
  readonly runtime: ProcessRuntime;
  readonly behaviour: ProcessBody | Server<unknown, unknown, unknown, unknown>;
  status: number = NEW;
  exitReason: ExitReason | undefined = undefined;
  trapExits: boolean;
  /** Server state, once `init` has produced it. */
  state: unknown = undefined;
  /** A server's `init` has produced its state, so `terminate` has a state to clean up. */
  initialized = false;
  /** A server handler (or init) is in flight: the next message waits. */
  busy = false;
  /** Queued on the runtime's run queue. */
  scheduled = false;
  /** A function body that may still be running (it ignored its signal, or is cleaning up). */
  bodyRunning = false;
  readonly mailbox: Mailbox;
  pendingReceive: PendingReceive | undefined = undefined;
  links: Set<Process> | undefined = undefined;
  /** Monitors others (or callbacks) hold on this process. */
  watchers: Set<Monitor> | undefined = undefined;
  /** Monitors this process holds on others. */
  monitoring: Set<Monitor> | undefined = undefined;
  controller: AbortController | undefined = undefined;
  /** Who waits for the start to finish; `null` once it has (see `whenStarted`). */
  startWaiters: (() => void)[] | null | undefined = undefined;

  constructor(
    runtime: ProcessRuntime,
    id: number,
    parent: Process | undefined,
    behaviour: ProcessBody | Server<unknown, unknown, unknown, unknown>,
    mailbox: Mailbox,
    trapExits: boolean,
  ) {
    this.runtime = runtime;
    this.id = id;
    this.parent = parent;
    this.behaviour = behaviour;
    this.mailbox = mailbox;
    this.trapExits = trapExits;
  }

  get alive(): boolean {
    return this.status !== DEAD;
  }

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.status === DEAD) this.controller.abort(this.abortReason());
    }
    return this.controller.signal;
  }

  /** What the process's signal and pending receive end with. */
  abortReason(): ProcessAborted {
    // Its stack would only show the runtime's own frames, and capturing it is half the cost of ending
    // a process that waits in receive.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new ProcessAborted(this, this.exitReason ?? 'killed');
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  receive(
    matchOrOptions?: ((message: unknown) => boolean) | ReceiveOptions,
    options?: ReceiveOptions,
  ): Promise<never> {
    if (typeof matchOrOptions === 'function')
      return this.runtime.receive(this, matchOrOptions, options) as Promise<never>;
    return this.runtime.receive(this, undefined, matchOrOptions) as Promise<never>;
  }

  spawn<ChildMessage, State = unknown, Request = never, Reply = unknown>(
    body: ProcessBody<ChildMessage> | Server<State, ChildMessage, Request, Reply>,
    options?: SpawnOptions,
  ): Pid<ChildMessage> {
    return this.runtime.spawnChild(this, body as ProcessBody, options);
  }

  send<Sent>(to: Address<Sent>, message: NoInfer<Sent>, options?: SendOptions): Promise<void> {
    return this.runtime.send(to, message, options);
  }

  call<Reply>(to: Address, request: unknown, options?: CallOptions): Promise<Reply> {
    return this.runtime.call<Reply>(to, request, options);
  }

  link(pid: Pid): void {
    this.runtime.link(this, pid);
  }

  unlink(pid: Pid): void {
    this.runtime.unlink(this, pid);
  }

  monitor(pid: Pid): MonitorRef {
    return this.runtime.monitorFrom(this, pid);
  }

  demonitor(ref: MonitorRef): void {
    this.runtime.demonitor(ref);
  }

  exit(reason: ExitReason = 'normal'): void {
    this.runtime.end(this, reason);
  }

  register(name: string): void {
    this.runtime.register(name, this);
  }

  toString(): string {
    return this.name === undefined ? `<${this.id}>` : `${this.name}<${this.id}>`;
  }
}
