import { describeExitReason, type ExitReason } from '../runtime/process/exit-reason.ts';
import { VegaError } from './vega-error.ts';

/** What an error about a process says about it: its id and registered name, when it had one. */
export interface ProcessIdentity {
  readonly id: number;
  readonly name: string | undefined;
}

const describe = (process: ProcessIdentity): string =>
  process.name === undefined ? `process <${process.id}>` : `process '${process.name}' <${process.id}>`;

/**
 * A process body threw something that is not an `Error`; the value is kept as `cause`, so every crash
 * reason is an `Error` with a message.
 *
 * @example
 * if (reason instanceof ProcessCrashed) console.log(reason.cause);
 */
export class ProcessCrashed extends VegaError {
  constructor(process: ProcessIdentity, thrown: unknown) {
    super('process_crashed', `${describe(process)} crashed: ${String(thrown)}`, { cause: thrown });
    this.name = 'ProcessCrashed';
  }
}

/**
 * A `call` to a process that ended before it replied (or that was not alive). `reason` is its exit
 * reason.
 *
 * @example
 * try { await runtime.call(agent, 'hi'); } catch (error) {
 *   if (error instanceof ProcessExited && error.reason === 'noproc') console.log('not running');
 * }
 */
export class ProcessExited extends VegaError {
  readonly process: ProcessIdentity;
  readonly reason: ExitReason;

  constructor(process: ProcessIdentity, reason: ExitReason) {
    super('process_exited', `${describe(process)} ended (${describeExitReason(reason)}) before it replied.`, {
      ...(typeof reason === 'string' ? {} : { cause: reason }),
      hint: 'Supervise the process so it restarts, and retry the call against the restarted process.',
    });
    this.name = 'ProcessExited';
    this.process = process;
    this.reason = reason;
  }
}

/**
 * A `call` got no reply within its timeout. The request may still be handled later; its reply is
 * dropped.
 *
 * @example
 * await runtime.call(pid, request, { timeoutMs: 30_000 });
 */
export class CallTimeout extends VegaError {
  readonly process: ProcessIdentity;
  readonly timeoutMs: number;

  constructor(process: ProcessIdentity, timeoutMs: number) {
    super('call_timeout', `${describe(process)} did not reply within ${timeoutMs} ms.`, {
      hint: 'Pass a longer timeoutMs to call(), or check that the process replies to this request.',
    });
    this.name = 'CallTimeout';
    this.process = process;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * `receive` with a timeout saw no matching message in time.
 *
 * @example
 * try { await self.receive({ timeoutMs: 1_000 }); } catch (error) { if (error instanceof ReceiveTimeout) ... }
 */
export class ReceiveTimeout extends VegaError {
  readonly timeoutMs: number;

  constructor(process: ProcessIdentity, timeoutMs: number) {
    super('receive_timeout', `${describe(process)} received no matching message within ${timeoutMs} ms.`);
    this.name = 'ReceiveTimeout';
    this.timeoutMs = timeoutMs;
  }
}

/**
 * A message was refused because the receiver's mailbox is full and the receiver chose `overflow: 'fail'`.
 *
 * @example
 * const pid = runtime.spawn(body, { mailbox: { capacity: 100, overflow: 'fail' } });
 */
export class MailboxFull extends VegaError {
  readonly process: ProcessIdentity;
  readonly capacity: number;

  constructor(process: ProcessIdentity, capacity: number) {
    super('mailbox_full', `The mailbox of ${describe(process)} is full (${capacity} messages).`, {
      hint: 'Slow the sender down (the default overflow, "wait", makes send wait for room), or raise mailbox.capacity.',
    });
    this.name = 'MailboxFull';
    this.process = process;
    this.capacity = capacity;
  }
}

/**
 * A name was used that no live process is registered under, or a process was used after it ended where
 * that is not allowed (registering it, say).
 *
 * @example
 * runtime.send('nobody', 'hi'); // throws NoSuchProcess
 */
export class NoSuchProcess extends VegaError {
  readonly target: string | number;

  constructor(target: string | number, hint?: string) {
    super(
      'no_such_process',
      typeof target === 'string'
        ? `No process is registered as '${target}'.`
        : `Process <${target}> is not alive.`,
      hint === undefined ? {} : { hint },
    );
    this.name = 'NoSuchProcess';
    this.target = target;
  }
}

/**
 * `register` was given a name another live process already has.
 *
 * @example
 * runtime.register('planner', pid); // throws NameTaken if 'planner' is in use
 */
export class NameTaken extends VegaError {
  readonly processName: string;

  constructor(name: string, holder: ProcessIdentity) {
    super('name_taken', `The name '${name}' is already registered to ${describe(holder)}.`, {
      hint: 'Pick another name, or unregister the old holder first.',
    });
    this.name = 'NameTaken';
    this.processName = name;
  }
}

/**
 * A process called `receive` while another `receive` of its own was still waiting.
 *
 * @example
 * await Promise.all([self.receive(), self.receive()]); // the second throws
 */
export class ConcurrentReceive extends VegaError {
  constructor(process: ProcessIdentity) {
    super(
      'concurrent_receive',
      `${describe(process)} called receive() while an earlier receive() was waiting.`,
      {
        hint: 'A process handles one message at a time: await each receive() before the next.',
      },
    );
    this.name = 'ConcurrentReceive';
  }
}

/**
 * The abort reason of a process's signal once the process has ended: what its pending `receive`, and
 * any signal-aware work it was awaiting, reject with. Named `AbortError` so libraries that recognise
 * aborts by name (the AI SDK, fetch) treat it as one.
 *
 * @example
 * await fetch(url, { signal: self.signal }); // rejects with ProcessAborted when the process is stopped
 */
export class ProcessAborted extends VegaError {
  readonly process: ProcessIdentity;
  readonly reason: ExitReason;

  constructor(process: ProcessIdentity, reason: ExitReason) {
    super('process_aborted', `${describe(process)} ended (${describeExitReason(reason)}).`);
    this.name = 'AbortError';
    this.process = process;
    this.reason = reason;
  }
}
