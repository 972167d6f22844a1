import type { ScriptedReply } from '../../model/scripted/scripted-reply.ts';
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
export type ReplyHandler = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

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
  #queue: ScriptedReply[] = [];
  #handler: ReplyHandler | undefined;

  /** Replies waiting in the queue. */
  get pending(): number {
    return this.#queue.length;
  }

  enqueue(replies: readonly ScriptedReply[]): void {
    this.#queue.push(...replies);
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
  async next(request: RecordedRequest): Promise<ScriptedReply | undefined> {
    const queued = this.#queue.shift();
    if (queued !== undefined) return queued;
    return this.#handler === undefined ? undefined : await this.#handler(request);
  }
}
