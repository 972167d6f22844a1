import type { FixtureReply } from './fixture-reply.ts';
import type { RecordedRequest } from './recorded-request.ts';

/**
 * Decides the reply to one request; it may inspect the recorded body (model, messages, tools).
 *
 * @example
 * server.setHandler((request) =>
 *   JSON.stringify(request.body).includes('tool_result')
 *     ? { text: 'Done.' }
 *     : { toolCalls: [{ name: 'search', input: { query: 'fixture servers' } }] },
 * );
 */
export type ReplyHandler = (request: RecordedRequest) => FixtureReply | Promise<FixtureReply>;

/** A reply taken from the script and where it came from, so a refused request can give it back. */
export interface TakenReply {
  readonly reply: FixtureReply;
  readonly fromQueue: boolean;
}

/**
 * Where replies come from: a FIFO queue first, then the handler once the queue is empty.
 *
 * @example
 * const script = new ReplyScript();
 * script.enqueue({ text: 'first' });
 * script.setHandler(() => ({ text: 'every later call' }));
 * await script.next(request); // { text: 'first' }
 */
export class ReplyScript {
  #queue: FixtureReply[] = [];
  #handler: ReplyHandler | undefined;

  /** Replies waiting in the queue. */
  get pending(): number {
    return this.#queue.length;
  }

  enqueue(replies: readonly FixtureReply[]): void {
    this.#queue.push(...replies);
  }

  /** Puts a queued reply back at the head of the queue, for a request that was refused without using it. */
  giveBack(taken: TakenReply): void {
    if (taken.fromQueue) this.#queue.unshift(taken.reply);
  }

  setHandler(handler: ReplyHandler | undefined): void {
    this.#handler = handler;
  }

  /** Empties the queue and removes the handler. */
  reset(): void {
    this.#queue = [];
    this.#handler = undefined;
  }

  /** The next queued reply, else the handler's answer, else `undefined` when nothing is scripted. */
  async next(request: RecordedRequest): Promise<FixtureReply | undefined> {
    return (await this.take(request))?.reply;
  }

  /** Like {@link next}, and says whether the reply came from the queue. */
  async take(request: RecordedRequest): Promise<TakenReply | undefined> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return { reply: queued, fromQueue: true };
    if (this.#handler === undefined) return undefined;
    return { reply: await this.#handler(request), fromQueue: false };
  }
}
