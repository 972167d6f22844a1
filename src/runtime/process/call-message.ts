/**
 * A request made with `call`, as it arrives in the mailbox of a process that uses `receive`. Answer it
 * with `reply` (or `fail`); servers never see it, their `reply` handler's return value is the answer.
 * Answering twice, or after the caller gave up, is ignored.
 *
 * @example
 * const message = await self.receive();
 * if (message instanceof CallMessage) message.reply(`echo: ${message.request}`);
 */
export class CallMessage<Request = unknown, Reply = unknown> {
  readonly type = 'call' as const;
  readonly request: Request;
  #settle: ((ok: boolean, value: unknown) => void) | undefined;

  constructor(request: Request, settle: (ok: boolean, value: unknown) => void) {
    this.request = request;
    this.#settle = settle;
  }

  /** Answers the caller. */
  reply(value: Reply): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(true, value);
  }

  /** Makes the caller's `call` reject with `error`. */
  fail(error: Error): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(false, error);
  }

  /** True until the call is answered or the caller stops waiting. */
  get pending(): boolean {
    return this.#settle !== undefined;
  }

  /** The caller stopped waiting (timeout, abort, or the callee ended). */
  cancel(): void {
    this.#settle = undefined;
  }
}

/** True for a {@link CallMessage}. @example self.receive(isCallMessage) */
export const isCallMessage = (message: unknown): message is CallMessage => message instanceof CallMessage;
