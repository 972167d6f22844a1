import {
  CallTimeout,
  ConcurrentReceive,
  MailboxFull,
  NameTaken,
  NoSuchProcess,
  ProcessCrashed,
  ProcessExited,
  ReceiveTimeout,
} from '../../errors/process-errors.ts';
import { VegaError } from '../../errors/vega-error.ts';
import { type Clock, systemClock, type TimerHandle } from '../../spec/clock.ts';
import type { RuntimeEvent, RuntimeEventListener } from '../runtime-event.ts';
import type { MailboxOptions, ProcessBody, Server, SpawnOptions } from './behaviour.ts';
import { CallMessage } from './call-message.ts';
import { DeferredReply } from './deferred-reply.ts';
import { type ExitReason, type ExitSignalReason, isAbnormalExit } from './exit-reason.ts';
import { type BlockedSender, Mailbox, NO_MESSAGE } from './mailbox.ts';
import type { Address, Pid } from './pid.ts';
import { DEAD, type Monitor, NEW, type PendingReceive, Process, RUNNING } from './process.ts';
import type { CallOptions, ReceiveOptions, SendOptions } from './self.ts';
import { DownMessage, ExitMessage, type MonitorRef } from './system-messages.ts';

/** Options of {@link createProcessRuntime}. */
export interface ProcessRuntimeOptions {
  /** Time and timers for every timeout, backoff and deadline; default the system clock. */
  readonly clock?: Clock;
  /** Random numbers in [0, 1) for backoff jitter; default `Math.random`. */
  readonly random?: () => number;
  /** Mailbox defaults for processes that do not choose. */
  readonly mailbox?: MailboxOptions;
}

/** Counts of what the runtime holds; all zero after `shutdown()` when nothing leaked. */
export interface ProcessRuntimeStats {
  readonly processes: number;
  readonly names: number;
  /** Timers the runtime set and has not cleared or fired (timeouts, backoffs, deadlines). */
  readonly timers: number;
  /** Function bodies still running after their process ended (they ignore their signal). */
  readonly lingering: number;
  /** Callers waiting in `call`. */
  readonly pendingCalls: number;
  /** Senders waiting for room in a full mailbox. */
  readonly blockedSenders: number;
  /** Event listeners subscribed with `on`. */
  readonly listeners: number;
}

/** Options of {@link ProcessRuntime.stop}. */
export interface StopOptions {
  /** Default `shutdown`. */
  readonly reason?: ExitReason;
  /** How long a process that traps exits gets to end by itself before it is killed; default 5,000 ms. */
  readonly timeoutMs?: number;
}

const RESOLVED: Promise<void> = Promise.resolve();
const DEFAULT_CAPACITY = 1_000;
const DEFAULT_CALL_TIMEOUT_MS = 5_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** Messages a server handles before it yields to other processes and to I/O. */
const MESSAGES_PER_TURN = 1_000;

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null &&
  (typeof value === 'object' || typeof value === 'function') &&
  typeof (value as { then?: unknown }).then === 'function';

const isServer = (behaviour: unknown): behaviour is Server<unknown, unknown, unknown, unknown> =>
  typeof behaviour === 'object' && behaviour !== null;

const asError = (process: Process, thrown: unknown): Error =>
  thrown instanceof Error ? thrown : new ProcessCrashed(process, thrown);

/**
 * Lightweight processes on the event loop, with Erlang/OTP semantics: mailboxes, `send`, `call`,
 * selective `receive`, links, monitors, exit signals, a name registry and an orderly shutdown.
 *
 * A process ends the moment an exit takes effect: its links and monitors fire, its name is freed and its
 * `signal` aborts. A function body that ignores the signal keeps running detached ("lingering") until it
 * settles; `shutdown()` waits for those too.
 *
 * @example
 * const runtime = createProcessRuntime();
 * const echo = runtime.spawn(async (self) => {
 *   for (;;) {
 *     const message = await self.receive();
 *     if (message instanceof CallMessage) message.reply(message.request);
 *   }
 * });
 * console.log(await runtime.call(echo, 'hi')); // 'hi'
 * await runtime.shutdown();
 */
export class ProcessRuntime {
  readonly clock: Clock;
  readonly random: () => number;
  private readonly defaultMailbox: { capacity: number; failWhenFull: boolean };
  private readonly table = new Map<number, Process>();
  private readonly names = new Map<string, Process>();
  private readonly lingering = new Set<Process>();
  private lingeringWaiters: (() => void)[] = [];
  private listeners: RuntimeEventListener[] = [];
  private runQueue: Process[] = [];
  private drainScheduled = false;
  private nextId = 1;
  private nextMonitorId = 1;
  private timerCount = 0;
  private pendingCalls = 0;
  private blockedSenders = 0;
  /** Exit signals waiting to be applied; processed iteratively so long link chains cannot overflow the stack. */
  private readonly signalQueue: { target: Process; from: Process | undefined; reason: ExitSignalReason }[] =
    [];
  private applyingSignals = false;
  private closing = false;

  constructor(options: ProcessRuntimeOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    const capacity = options.mailbox?.capacity ?? DEFAULT_CAPACITY;
    checkCapacity(capacity);
    this.defaultMailbox = { capacity, failWhenFull: options.mailbox?.overflow === 'fail' };
  }

  /** True once `shutdown()` has begun: supervisors stop restarting. */
  get shuttingDown(): boolean {
    return this.closing;
  }

  // ---------------------------------------------------------------- spawning

  /**
   * Starts a process from an async function or a {@link Server}. It runs from the next microtask; the
   * pid is usable at once (messages sent before it runs wait in its mailbox).
   *
   * @example
   * const pid = runtime.spawn(async (self) => { console.log(await self.receive()); }, { name: 'printer' });
   * await runtime.send('printer', 'hello');
   */
  spawn<Message = unknown, State = unknown, Request = never, Reply = unknown>(
    behaviour: ProcessBody<Message> | Server<State, Message, Request, Reply>,
    options?: SpawnOptions,
  ): Pid<Message> {
    return this.spawnChild(undefined, behaviour as ProcessBody, options);
  }

  /** @internal Spawns with a parent (used by `self.spawn` and supervisors). */
  spawnChild<Message>(
    parent: Process | undefined,
    behaviour: ProcessBody | Server<unknown, unknown, unknown, unknown>,
    options?: SpawnOptions,
  ): Pid<Message> {
    // A process that has ended cannot start others (its body may run on, detached, after its end).
    if (parent !== undefined && parent.status === DEAD) throw parent.abortReason();
    const mailbox =
      options?.mailbox === undefined
        ? new Mailbox(this.defaultMailbox.capacity, this.defaultMailbox.failWhenFull)
        : new Mailbox(
            checkCapacity(options.mailbox.capacity ?? this.defaultMailbox.capacity),
            (options.mailbox.overflow ?? (this.defaultMailbox.failWhenFull ? 'fail' : 'wait')) === 'fail',
          );
    if (options?.name !== undefined) this.checkNameFree(options.name);
    const process = new Process(this, this.nextId++, parent, behaviour, mailbox, options?.trapExits === true);
    this.table.set(process.id, process);
    if (options?.name !== undefined) {
      process.name = options.name;
      this.names.set(options.name, process);
    }
    // Linked from the child's side: a parent that has already ended (a lingering body) sends it `noproc`
    // instead of leaving it running unlinked.
    if (options?.link === true && parent !== undefined) this.link(process, parent);
    if (this.listeners.length > 0) {
      this.emit({
        type: 'process-spawn',
        at: this.clock.now(),
        pid: process.id,
        name: process.name,
        parent: parent?.id,
      });
    }
    this.schedule(process);
    return process as Pid<Message>;
  }

  private start(process: Process): void {
    process.status = RUNNING;
    const behaviour = process.behaviour;
    if (isServer(behaviour)) {
      let state: unknown;
      try {
        state = behaviour.init(process);
      } catch (error) {
        this.end(process, asError(process, error));
        return;
      }
      if (isThenable(state)) {
        process.busy = true;
        state.then(
          (value) => {
            if (process.status === DEAD) return;
            process.state = value;
            process.initialized = true;
            process.busy = false;
            this.started(process);
            this.runServer(process);
          },
          (error: unknown) => this.end(process, asError(process, error)),
        );
        return;
      }
      process.state = state;
      process.initialized = true;
      this.started(process);
      this.runServer(process);
      return;
    }
    let result: unknown;
    try {
      result = behaviour(process);
    } catch (error) {
      this.end(process, asError(process, error));
      return;
    }
    this.started(process);
    if (!isThenable(result)) {
      this.end(process, 'normal');
      return;
    }
    process.bodyRunning = true;
    result.then(
      () => this.bodySettled(process, 'normal'),
      (error: unknown) => this.bodySettled(process, asError(process, error)),
    );
  }

  /** Marks the start as finished and wakes whoever waits for it. */
  private started(process: Process): void {
    const waiters = process.startWaiters;
    process.startWaiters = null;
    if (waiters !== undefined && waiters !== null) for (const wake of waiters) wake();
  }

  /**
   * Resolves once the process has finished starting: a server's `init` has returned (or its promise
   * settled), a body has run up to its first `await`. Resolves as well if it ends first. Supervisors
   * wait for it between children, as OTP's start_link does, so a subtree is up before its next sibling
   * starts.
   *
   * @example
   * const pid = runtime.spawn(server);
   * await runtime.whenStarted(pid);
   */
  whenStarted(pid: Pid): Promise<void> {
    const process = this.internal(pid);
    if (process.status === DEAD || process.startWaiters === null) return RESOLVED;
    return new Promise((resolve) => {
      process.startWaiters ??= [];
      process.startWaiters?.push(resolve);
    });
  }

  private bodySettled(process: Process, reason: ExitReason): void {
    process.bodyRunning = false;
    if (process.status !== DEAD) {
      this.end(process, reason);
      return;
    }
    if (this.lingering.delete(process) && this.lingering.size === 0) {
      const waiters = this.lingeringWaiters;
      this.lingeringWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  // ---------------------------------------------------------------- scheduling

  private schedule(process: Process): void {
    if (process.scheduled) return;
    process.scheduled = true;
    this.runQueue.push(process);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      queueMicrotask(this.drain);
    }
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const queue = this.runQueue;
    // Processes scheduled while draining go on the same queue and run in this turn.
    for (let index = 0; index < queue.length; index++) {
      const process = queue[index] as Process;
      process.scheduled = false;
      if (process.status === NEW) this.start(process);
      else if (process.status === RUNNING) this.runServer(process);
    }
    queue.length = 0;
  };

  /** Handles a server's messages one at a time until its mailbox is empty, a handler is pending, or its turn is up. */
  private runServer(process: Process): void {
    const server = process.behaviour;
    if (!isServer(server)) return;
    const mailbox = process.mailbox;
    let budget = MESSAGES_PER_TURN;
    while (process.status === RUNNING && !process.busy) {
      if (budget-- === 0) {
        // Yield to I/O and timers: a process flooded with messages must not starve the event loop.
        process.scheduled = true;
        setImmediate(() => {
          process.scheduled = false;
          if (process.status === RUNNING) this.runServer(process);
        });
        return;
      }
      const message = mailbox.shift();
      if (message === NO_MESSAGE) return;
      if (mailbox.blocked !== undefined) this.admitBlocked(process);
      let result: unknown;
      try {
        result = this.dispatch(process, server, message);
      } catch (error) {
        this.end(process, asError(process, error));
        return;
      }
      if (isThenable(result)) {
        process.busy = true;
        result.then(
          () => {
            process.busy = false;
            if (process.status === RUNNING) this.runServer(process);
          },
          (error: unknown) => {
            process.busy = false;
            this.end(process, asError(process, error));
          },
        );
        return;
      }
    }
  }

  private dispatch(
    process: Process,
    server: Server<unknown, unknown, unknown, unknown>,
    message: unknown,
  ): unknown {
    if (message instanceof CallMessage) {
      if (server.reply === undefined) {
        message.fail(
          new VegaError(
            'no_reply_handler',
            `${process.toString()} does not answer calls (its server has no reply handler).`,
          ),
        );
        return undefined;
      }
      const reply = server.reply(process.state, message.request, process);
      if (reply instanceof DeferredReply) {
        // Answered later; the mailbox goes on now. A rejection crashes the server, as a throw would,
        // or with `failCallOnly` fails just this call.
        reply.promise.then(
          (value) => message.reply(value),
          (error: unknown) => {
            if (reply.failCallOnly) message.fail(asError(process, error));
            else if (process.status !== DEAD) this.end(process, asError(process, error));
          },
        );
        return undefined;
      }
      if (!isThenable(reply)) {
        message.reply(reply);
        return undefined;
      }
      return reply.then((value) => message.reply(value));
    }
    if (message instanceof ExitMessage || message instanceof DownMessage) {
      if (server.info !== undefined) return server.info(process.state, message, process);
      if (
        message instanceof ExitMessage &&
        (message.from === undefined || message.from === process.parent || isAbnormalExit(message.reason))
      ) {
        this.end(process, message.reason);
      }
      return undefined;
    }
    if (server.handle === undefined) {
      throw new VegaError(
        'unexpected_message',
        `${process.toString()} got a message but its server has no handle handler.`,
        {
          hint: 'Give the server a handle(state, message) handler, or only call() it.',
        },
      );
    }
    return server.handle(process.state, message, process);
  }

  // ---------------------------------------------------------------- messages

  /**
   * Delivers `message` to a process or registered name. Resolves at once when the mailbox has room;
   * when it is full, waits for room (`overflow: 'wait'`) or rejects with `MailboxFull` (`'fail'`). A
   * message to a process that has ended is dropped, as in Erlang; an unknown name throws `NoSuchProcess`.
   *
   * @example
   * await runtime.send(worker, { job: 42 });
   */
  send<Message>(to: Address<Message>, message: NoInfer<Message>, options?: SendOptions): Promise<void> {
    const process = this.resolve(to);
    if (process.status === DEAD) return RESOLVED;
    const mailbox = process.mailbox;
    if (mailbox.size >= mailbox.capacity && !this.awaited(process, message)) {
      if (mailbox.failWhenFull) return Promise.reject(new MailboxFull(process, mailbox.capacity));
      return this.blockSender(process, message, options?.signal);
    }
    this.deliver(process, message);
    return RESOLVED;
  }

  /**
   * Delivers `message` only if the mailbox has room now: true when delivered (or dropped because the
   * process has ended), false when the mailbox is full. Never waits.
   *
   * @example
   * if (!runtime.trySend(logger, line)) dropped++;
   */
  trySend<Message>(to: Address<Message>, message: NoInfer<Message>): boolean {
    const process = this.resolve(to);
    if (process.status === DEAD) return true;
    if (process.mailbox.size >= process.mailbox.capacity && !this.awaited(process, message)) return false;
    this.deliver(process, message);
    return true;
  }

  /**
   * True when a pending selective receive takes this very message: it never occupies the mailbox, so a
   * mailbox full of messages the receiver is not looking for cannot lock out the one it waits for.
   */
  private awaited(process: Process, message: unknown): boolean {
    const pending = process.pendingReceive;
    if (pending === undefined) return false;
    try {
      return pending.match === undefined || pending.match(message);
    } catch {
      return false;
    }
  }

  private deliver(process: Process, message: unknown): void {
    const pending = process.pendingReceive;
    if (pending !== undefined) {
      let matches = true;
      if (pending.match !== undefined) {
        try {
          matches = pending.match(message);
        } catch (error) {
          this.end(process, asError(process, error));
          return;
        }
      }
      if (matches) {
        this.clearReceive(process, pending);
        pending.resolve(message);
        return;
      }
    }
    process.mailbox.push(message);
    if (process.status === RUNNING && !process.busy && isServer(process.behaviour)) this.schedule(process);
  }

  /** System messages skip the capacity check: they are bounded by links and monitors, and must not be lost. */
  private deliverSystem(process: Process, message: ExitMessage | DownMessage): void {
    if (process.status !== DEAD) this.deliver(process, message);
  }

  private blockSender(process: Process, message: unknown, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const sender: BlockedSender = { message, resolve, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        sender.onAbort = () => {
          const blocked = process.mailbox.blocked;
          const index = blocked?.indexOf(sender) ?? -1;
          if (blocked === undefined || index < 0) return;
          blocked.splice(index, 1);
          this.blockedSenders--;
          reject(signal.reason);
        };
        signal.addEventListener('abort', sender.onAbort, { once: true });
      }
      process.mailbox.blocked ??= [];
      process.mailbox.blocked.push(sender);
      this.blockedSenders++;
    });
  }

  /** Moves waiting senders' messages in while there is room. */
  private admitBlocked(process: Process): void {
    const mailbox = process.mailbox;
    const blocked = mailbox.blocked;
    while (blocked !== undefined && blocked.length > 0 && mailbox.size < mailbox.capacity) {
      const sender = blocked.shift() as BlockedSender;
      this.releaseSender(sender);
      this.deliver(process, sender.message);
      sender.resolve();
    }
    if (blocked !== undefined && blocked.length === 0) mailbox.blocked = undefined;
  }

  private releaseSender(sender: BlockedSender): void {
    this.blockedSenders--;
    if (sender.onAbort !== undefined) sender.signal?.removeEventListener('abort', sender.onAbort);
  }

  /** @internal `self.receive`. */
  receive(
    process: Process,
    match: ((message: unknown) => boolean) | undefined,
    options: ReceiveOptions | undefined,
  ): Promise<unknown> {
    if (process.status === DEAD) return Promise.reject(process.abortReason());
    if (process.pendingReceive !== undefined) return Promise.reject(new ConcurrentReceive(process));
    const mailbox = process.mailbox;
    let message: unknown;
    try {
      message = match === undefined ? mailbox.shift() : mailbox.take(match);
    } catch (error) {
      this.end(process, asError(process, error));
      return Promise.reject(process.abortReason());
    }
    if (message !== NO_MESSAGE) {
      if (mailbox.blocked !== undefined) this.admitBlocked(process);
      return Promise.resolve(message);
    }
    if (match !== undefined && mailbox.blocked !== undefined) {
      // A full mailbox of other messages: the one wanted may be waiting outside it.
      const sender = mailbox.blocked.find((waiting) => match(waiting.message));
      if (sender !== undefined) {
        mailbox.blocked.splice(mailbox.blocked.indexOf(sender), 1);
        if (mailbox.blocked.length === 0) mailbox.blocked = undefined;
        this.releaseSender(sender);
        sender.resolve();
        return Promise.resolve(sender.message);
      }
    }
    const timeoutMs = options?.timeoutMs;
    if (timeoutMs === 0) return Promise.reject(new ReceiveTimeout(process, 0));
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const pending: PendingReceive = {
        resolve,
        reject,
        match,
        timer: undefined,
        signal,
        onAbort: undefined,
      };
      process.pendingReceive = pending;
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        pending.timer = this.setTimer(() => {
          pending.timer = undefined;
          this.clearReceive(process, pending);
          reject(new ReceiveTimeout(process, timeoutMs));
        }, timeoutMs);
      }
      if (signal !== undefined) {
        pending.onAbort = () => {
          this.clearReceive(process, pending);
          reject(signal.reason);
        };
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
    });
  }

  private clearReceive(process: Process, pending: PendingReceive): void {
    if (process.pendingReceive === pending) process.pendingReceive = undefined;
    if (pending.timer !== undefined) {
      this.clearTimer(pending.timer);
      pending.timer = undefined;
    }
    if (pending.onAbort !== undefined) {
      pending.signal?.removeEventListener('abort', pending.onAbort);
      pending.onAbort = undefined;
    }
  }

  /**
   * Sends `request` and waits for the reply: a server's `reply` handler's return value, or what a
   * receiving process passes to `CallMessage.reply`. Rejects with `CallTimeout` after `timeoutMs`
   * (default 5,000), with `ProcessExited` if the process ends first (or was not alive), with
   * `MailboxFull` when its full mailbox refuses messages.
   *
   * @example
   * const total = await runtime.call<number>(counter, 'get', { timeoutMs: 1_000 });
   */
  call<Reply>(to: Address, request: unknown, options?: CallOptions): Promise<Reply> {
    const process = this.resolve(to);
    if (process.status === DEAD)
      return Promise.reject(new ProcessExited(process, process.exitReason ?? 'noproc'));
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    const timeoutMs = options?.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    return new Promise<Reply>((resolve, reject) => {
      let timer: object | undefined;
      let onAbort: (() => void) | undefined;
      let watch: Monitor | undefined;
      this.pendingCalls++;
      const finish = (ok: boolean, value: unknown): void => {
        message.cancel();
        this.pendingCalls--;
        if (timer !== undefined) this.clearTimer(timer);
        if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
        if (watch !== undefined) this.cancelMonitor(watch);
        if (ok) resolve(value as Reply);
        else reject(value);
      };
      const message = new CallMessage(request, finish);
      watch = this.watch(process, (reason) => {
        watch = undefined;
        if (message.pending) finish(false, new ProcessExited(process, reason));
      });
      if (Number.isFinite(timeoutMs)) {
        timer = this.setTimer(() => {
          timer = undefined;
          if (message.pending) finish(false, new CallTimeout(process, timeoutMs));
        }, timeoutMs);
      }
      if (signal !== undefined) {
        onAbort = () => {
          onAbort = undefined;
          if (message.pending) finish(false, signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      this.send(process, message, signal === undefined ? undefined : { signal }).catch((error: unknown) => {
        if (message.pending) finish(false, error);
      });
    });
  }

  // ---------------------------------------------------------------- links and monitors

  /** @internal Links `process` and `other` both ways; an ended `other` sends `noproc` at once. */
  link(process: Process, other: Pid): void {
    const target = this.internal(other);
    if (target === process) return;
    if (process.status === DEAD) return;
    if (target.status === DEAD) {
      this.signal(process, target, 'noproc');
      return;
    }
    process.links ??= new Set();
    process.links.add(target);
    target.links ??= new Set();
    target.links.add(process);
  }

  /** @internal */
  unlink(process: Process, other: Pid): void {
    const target = this.internal(other);
    process.links?.delete(target);
    target.links?.delete(process);
  }

  /** @internal `self.monitor`: the watcher gets a `DownMessage`. */
  monitorFrom(watcher: Process, pid: Pid): MonitorRef {
    const target = this.internal(pid);
    const monitor: Monitor = { id: this.nextMonitorId++, target, watcher, callback: undefined };
    if (target.status === DEAD) {
      this.deliverSystem(watcher, new DownMessage(monitor, target, 'noproc'));
      return monitor;
    }
    target.watchers ??= new Set();
    target.watchers.add(monitor);
    watcher.monitoring ??= new Set();
    watcher.monitoring.add(monitor);
    return monitor;
  }

  /** Removes a monitor; its down message, if already delivered, stays in the mailbox. */
  demonitor(ref: MonitorRef): void {
    this.cancelMonitor(ref as Monitor);
  }

  /**
   * Calls `callback` with the exit reason when `pid` ends (at once, with `noproc` or its reason, if it
   * already has). Returns a function that cancels the watch. For code outside any process: tests,
   * front doors, `call`.
   *
   * @example
   * const stop = runtime.onExit(pid, (reason) => console.log('ended:', reason));
   */
  onExit(pid: Pid, callback: (reason: ExitReason) => void): () => void {
    const monitor = this.watch(this.internal(pid), callback);
    return () => {
      if (monitor !== undefined) this.cancelMonitor(monitor);
    };
  }

  /**
   * Resolves with the exit reason once `pid` has ended.
   *
   * @example
   * const reason = await runtime.whenExited(pid);
   */
  whenExited(pid: Pid): Promise<ExitReason> {
    return new Promise((resolve) => this.onExit(pid, resolve));
  }

  private watch(target: Process, callback: (reason: ExitReason) => void): Monitor | undefined {
    if (target.status === DEAD) {
      callback(target.exitReason ?? 'noproc');
      return undefined;
    }
    const monitor: Monitor = { id: this.nextMonitorId++, target, watcher: undefined, callback };
    target.watchers ??= new Set();
    target.watchers.add(monitor);
    return monitor;
  }

  private cancelMonitor(monitor: Monitor): void {
    monitor.target.watchers?.delete(monitor);
    monitor.watcher?.monitoring?.delete(monitor);
  }

  // ---------------------------------------------------------------- exits

  /**
   * Sends an exit signal to `pid`, as Erlang's `exit/2`. `kill` ends it whatever it does (reason
   * `killed`); a process that traps exits gets any other reason as an `ExitMessage`; otherwise `normal`
   * is ignored and anything else ends it with that reason.
   *
   * @example
   * runtime.exit(worker, 'shutdown');
   */
  exit(pid: Pid, reason: ExitSignalReason): void {
    this.signal(this.internal(pid), undefined, reason);
  }

  /** Ends `pid` with reason `killed`; it cannot trap this. @example runtime.kill(worker); */
  kill(pid: Pid): void {
    this.exit(pid, 'kill');
  }

  /**
   * Stops a process the OTP way: an exit signal with `reason` (default `shutdown`), then, if it traps
   * exits and has not ended after `timeoutMs`, a kill. Resolves with its exit reason.
   *
   * @example
   * await runtime.stop(worker, { timeoutMs: 2_000 });
   */
  stop(pid: Pid, options: StopOptions = {}): Promise<ExitReason> {
    const process = this.internal(pid);
    if (process.status === DEAD) return Promise.resolve(process.exitReason ?? 'noproc');
    const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    return new Promise((resolve) => {
      let timer: object | undefined;
      this.watch(process, (reason) => {
        if (timer !== undefined) this.clearTimer(timer);
        resolve(reason);
      });
      this.signal(process, process.parent, options.reason ?? 'shutdown');
      if (process.status !== DEAD && Number.isFinite(timeoutMs)) {
        timer = this.setTimer(() => {
          timer = undefined;
          this.end(process, 'killed');
        }, timeoutMs);
      }
    });
  }

  /** Queues an exit signal and applies it, with any it causes, unless a caller up the stack already is. */
  private signal(target: Process, from: Process | undefined, reason: ExitSignalReason): void {
    this.signalQueue.push({ target, from, reason });
    if (!this.applyingSignals) this.applyQueuedSignals();
  }

  private applyQueuedSignals(): void {
    this.applyingSignals = true;
    try {
      for (let item = this.signalQueue.shift(); item !== undefined; item = this.signalQueue.shift()) {
        this.applySignal(item.target, item.from, item.reason);
      }
    } finally {
      this.applyingSignals = false;
    }
  }

  private applySignal(target: Process, from: Process | undefined, reason: ExitSignalReason): void {
    if (target.status === DEAD) return;
    if (reason === 'kill') {
      this.terminate(target, 'killed');
    } else if (target.trapExits) {
      this.deliverSystem(target, new ExitMessage(from, reason));
    } else if (reason !== 'normal') {
      this.terminate(target, reason);
    } else if (from === target) {
      this.terminate(target, 'normal');
    }
  }

  /** @internal Ends `process` with `reason` now, whatever it traps (`self.exit`, a crash, a body's end). */
  end(process: Process, reason: ExitReason): void {
    this.terminate(process, reason);
    if (!this.applyingSignals && this.signalQueue.length > 0) this.applyQueuedSignals();
  }

  private terminate(process: Process, reason: ExitReason): void {
    if (process.status === DEAD) return;
    process.status = DEAD;
    process.exitReason = reason;
    if (process.startWaiters !== null && process.startWaiters !== undefined) this.started(process);
    this.table.delete(process.id);
    if (process.name !== undefined && this.names.get(process.name) === process)
      this.names.delete(process.name);
    if (process.bodyRunning) this.lingering.add(process);

    const abort =
      process.controller !== undefined || process.pendingReceive !== undefined
        ? process.abortReason()
        : undefined;
    const pending = process.pendingReceive;
    if (pending !== undefined) {
      this.clearReceive(process, pending);
      pending.reject(abort);
    }
    if (process.controller !== undefined && !process.controller.signal.aborted)
      process.controller.abort(abort);

    for (const message of process.mailbox.drain()) {
      if (message instanceof CallMessage) message.fail(new ProcessExited(process, reason));
    }
    const blocked = process.mailbox.blocked;
    process.mailbox.blocked = undefined;
    if (blocked !== undefined) {
      for (const sender of blocked) {
        this.releaseSender(sender);
        sender.resolve();
      }
    }

    const links = process.links;
    process.links = undefined;
    if (links !== undefined) {
      for (const linked of links) {
        linked.links?.delete(process);
        this.signalQueue.push({ target: linked, from: process, reason });
      }
    }
    const monitoring = process.monitoring;
    process.monitoring = undefined;
    if (monitoring !== undefined) for (const monitor of monitoring) monitor.target.watchers?.delete(monitor);
    const watchers = process.watchers;
    process.watchers = undefined;
    if (watchers !== undefined) {
      for (const monitor of watchers) {
        if (monitor.watcher !== undefined) {
          monitor.watcher.monitoring?.delete(monitor);
          this.deliverSystem(monitor.watcher, new DownMessage(monitor, process, reason));
        } else {
          this.guard(process, 'an exit callback', () => monitor.callback?.(reason));
        }
      }
    }

    const behaviour = process.behaviour;
    // As in OTP, a server whose init failed or never finished has no state to clean up: no terminate.
    if (
      isServer(behaviour) &&
      behaviour.terminate !== undefined &&
      reason !== 'killed' &&
      process.initialized
    ) {
      const terminate = behaviour.terminate;
      this.guard(process, 'terminate', () => terminate.call(behaviour, process.state, reason, process));
    }
    if (this.listeners.length > 0) {
      this.emit({ type: 'process-exit', at: this.clock.now(), pid: process.id, name: process.name, reason });
    }
    // A name belongs to a live process: `pid.name` says so only while it is registered.
    process.name = undefined;
  }

  /** Runs cleanup code; a throw or rejection becomes a `process-error` event instead of a crash. */
  private guard(process: Process | undefined, during: string, run: () => unknown): void {
    const report = (error: unknown) =>
      this.emit({ type: 'process-error', at: this.clock.now(), pid: process?.id, error, during });
    try {
      const result = run();
      if (isThenable(result)) result.then(undefined, report);
    } catch (error) {
      report(error);
    }
  }

  // ---------------------------------------------------------------- names

  /**
   * Registers `pid` under `name`, until it ends or is unregistered.
   *
   * @example
   * runtime.register('planner', pid);
   * await runtime.send('planner', task);
   */
  register(name: string, pid: Pid): void {
    const process = this.internal(pid);
    if (process.status === DEAD) throw new NoSuchProcess(process.id, 'Register a process while it is alive.');
    const holder = this.names.get(name);
    if (holder === process) return;
    this.checkNameFree(name);
    if (process.name !== undefined) this.names.delete(process.name);
    process.name = name;
    this.names.set(name, process);
  }

  /** Frees `name`. @example runtime.unregister('planner'); */
  unregister(name: string): void {
    const holder = this.names.get(name);
    if (holder === undefined) return;
    this.names.delete(name);
    holder.name = undefined;
  }

  /** The live process registered as `name`. @example const planner = runtime.whereis('planner'); */
  whereis<Message = unknown>(name: string): Pid<Message> | undefined {
    return this.names.get(name) as Pid<Message> | undefined;
  }

  /** Live processes, oldest first. @example for (const pid of runtime.processes()) console.log(pid.id); */
  processes(): Pid[] {
    return [...this.table.values()];
  }

  private checkNameFree(name: string): void {
    const holder = this.names.get(name);
    if (holder !== undefined) throw new NameTaken(name, holder);
  }

  private resolve(to: Address): Process {
    if (typeof to !== 'string') return this.internal(to);
    const process = this.names.get(to);
    if (process === undefined) throw new NoSuchProcess(to, 'Check the name, or send to the pid instead.');
    return process;
  }

  private internal(pid: Pid): Process {
    if (!(pid instanceof Process) || pid.runtime !== this) {
      throw new VegaError('foreign_pid', `${String(pid)} is not a process of this runtime.`);
    }
    return pid;
  }

  // ---------------------------------------------------------------- events, timers, shutdown

  /**
   * Subscribes to runtime events (spawns, exits, restarts, give-ups). Returns the unsubscribe function.
   *
   * @example
   * const off = runtime.on((event) => { if (event.type === 'process-restart') console.log(event.child); });
   */
  on(listener: RuntimeEventListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((entry) => entry !== listener);
    };
  }

  /** @internal Reports an event to the listeners; a throwing listener cannot break the runtime. */
  emit(event: RuntimeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        if (event.type !== 'process-error') {
          this.emit({
            type: 'process-error',
            at: event.at,
            pid: undefined,
            error,
            during: 'an event listener',
          });
        }
      }
    }
  }

  /** @internal A timer on the runtime's clock, counted so a leak shows in `stats()`. */
  setTimer(callback: () => void, delayMs: number): object {
    this.timerCount++;
    const timer: { handle: TimerHandle | undefined } = { handle: undefined };
    timer.handle = this.clock.setTimeout(() => {
      if (timer.handle === undefined) return;
      timer.handle = undefined;
      this.timerCount--;
      callback();
    }, delayMs);
    return timer;
  }

  /** @internal */
  clearTimer(timer: object): void {
    const entry = timer as { handle: TimerHandle | undefined };
    if (entry.handle === undefined) return;
    this.clock.clearTimeout(entry.handle);
    entry.handle = undefined;
    this.timerCount--;
  }

  /**
   * What the runtime holds now. After `shutdown()` every count is zero unless something leaked.
   *
   * @example
   * await runtime.shutdown();
   * assert.deepEqual(runtime.stats(), { processes: 0, names: 0, timers: 0, lingering: 0, pendingCalls: 0, blockedSenders: 0, listeners: 0 });
   */
  stats(): ProcessRuntimeStats {
    return {
      processes: this.table.size,
      names: this.names.size,
      timers: this.timerCount,
      lingering: this.lingering.size,
      pendingCalls: this.pendingCalls,
      blockedSenders: this.blockedSenders,
      listeners: this.listeners.length,
    };
  }

  /**
   * Stops everything, newest top-level process first (a supervisor stops its own children, last started
   * first), waits up to `timeoutMs` for each process that traps exits, kills what is left, then waits
   * (same bound) for bodies still running after their process ended. Event listeners are removed last.
   *
   * @example
   * process.on('SIGINT', () => runtime.shutdown());
   */
  async shutdown(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    this.closing = true;
    const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    // Top-level processes first, newest first; children whose parent has ended become top-level in turn.
    while (this.table.size > 0) {
      const roots = [...this.table.values()].filter(
        (process) => process.parent === undefined || process.parent.status === DEAD,
      );
      for (const root of roots.reverse()) await this.stop(root, { reason: 'shutdown', timeoutMs });
    }
    if (this.lingering.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = this.setTimer(resolve, timeoutMs);
        this.lingeringWaiters.push(() => {
          this.clearTimer(timer);
          resolve();
        });
      });
    }
    this.listeners = [];
  }
}

function checkCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new VegaError(
      'invalid_mailbox',
      `A mailbox capacity must be a whole number of at least 1, got ${capacity}.`,
    );
  }
  return capacity;
}

/**
 * Creates a process runtime. Pass a manual clock in tests so timeouts and backoffs fire when the test
 * says.
 *
 * @example
 * const runtime = createProcessRuntime({ clock: manualClock() });
 */
export function createProcessRuntime(options: ProcessRuntimeOptions = {}): ProcessRuntime {
  return new ProcessRuntime(options);
}
