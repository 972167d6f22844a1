import type { AgentResult } from './agent-result.ts';
import type { AgentStreamPart } from './agent-stream-part.ts';

/**
 * A running agent, as a stream of typed parts. Iterate it once; `result` resolves with the run's
 * result, or rejects with its error (which the stream also yields as an `error` part). Awaiting
 * `result` without iterating drains the stream.
 *
 * @example
 * const stream = agent.stream('Plan a trip');
 * for await (const part of stream) if (part.type === 'text-delta') process.stdout.write(part.text);
 * const { cost } = await stream.result;
 */
export class AgentStream<Output = string> implements AsyncIterable<AgentStreamPart<Output>> {
  readonly result: Promise<AgentResult<Output>>;
  #source: AsyncGenerator<AgentStreamPart<Output>, AgentResult<Output>> | undefined;
  #settle!: { resolve: (result: AgentResult<Output>) => void; reject: (error: unknown) => void };

  constructor(source: AsyncGenerator<AgentStreamPart<Output>, AgentResult<Output>>) {
    this.#source = source;
    const { promise, resolve, reject } = Promise.withResolvers<AgentResult<Output>>();
    this.#settle = { resolve, reject };
    // The error is also delivered as a stream part; a caller who only iterates must not crash the process.
    promise.catch(() => {});
    this.result = new Proxy(promise, {
      get: (target, property, receiver) => {
        if (property === 'then') this.#drain();
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<AgentStreamPart<Output>, void> {
    const source = this.#take();
    try {
      for (;;) {
        const next = await source.next();
        if (next.done === true) {
          yield { type: 'run-end', result: next.value };
          this.#settle.resolve(next.value);
          return;
        }
        yield next.value;
      }
    } catch (error) {
      this.#settle.reject(error);
      yield { type: 'error', error };
    } finally {
      // A consumer that stops early ends the run; the result then rejects instead of hanging.
      this.#settle.reject(new DOMException('The stream was closed before the run ended.', 'AbortError'));
      await source.return(undefined as never);
    }
  }

  /** Only the text, as it arrives. */
  async *textStream(): AsyncGenerator<string, void> {
    for await (const part of this) if (part.type === 'text-delta') yield part.text;
  }

  #take(): AsyncGenerator<AgentStreamPart<Output>, AgentResult<Output>> {
    const source = this.#source;
    if (source === undefined) throw new TypeError('An AgentStream can be iterated only once.');
    this.#source = undefined;
    return source;
  }

  #drain(): void {
    if (this.#source === undefined) return;
    void (async () => {
      for await (const _ of this);
    })();
  }
}
