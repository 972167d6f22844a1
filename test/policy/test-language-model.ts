/**
 * A hand-written test double of the model port (AI SDK `LanguageModelV4`) for the pipeline's tests: it
 * answers each call from a script step, records every call with the clock's time, and fails the way a
 * real adapter fails (an `APICallError` with status and headers, a refused connection, a hung request
 * that ends only with its abort signal, a stream that breaks after some parts).
 */
import { APICallError } from '@ai-sdk/provider';
import type { Clock } from '../../src/spec/clock.ts';
import type {
  Model,
  ModelCallOptions,
  ModelGenerateResult,
  ModelStreamPart,
  ModelStreamResult,
  ModelUsage,
} from '../../src/spec/model.ts';

/** Tokens a reply reports: `input` includes nothing cached, `output` is all output. */
export interface TestUsage {
  readonly input: number;
  readonly output: number;
}

/** What one call of the test model does. */
export type TestStep =
  /** Answers; a stream sends `stream-start`, `response-metadata`, the text word by word and `finish`. */
  | {
      readonly kind: 'reply';
      readonly text: string;
      readonly usage: TestUsage;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** `doGenerate` and `doStream` reject with `error`, as an adapter does before any part. */
  | { readonly kind: 'fail'; readonly error: unknown }
  /** Never answers; rejects with the abort signal's reason once it aborts, as `fetch` does. */
  | { readonly kind: 'hang' }
  /**
   * A stream that sends `parts` and then breaks with `error` (as an `error` part when `asPart`, else by
   * erroring the stream, as a dropped socket does). `doGenerate` treats it as `fail`.
   */
  | {
      readonly kind: 'break';
      readonly parts: readonly ModelStreamPart[];
      readonly error: unknown;
      readonly asPart?: boolean;
    };

/** One call the test model received. */
export interface TestCall {
  readonly method: 'generate' | 'stream';
  readonly options: ModelCallOptions;
  /** The clock's time when the call arrived. */
  readonly at: number;
  /** 0-based, over every call of this model. */
  readonly index: number;
}

export interface TestLanguageModelOptions {
  readonly provider?: string;
  readonly modelId?: string;
  /** A list consumed one step per call, or a function deciding each call (it may wait). */
  readonly steps: readonly TestStep[] | ((call: TestCall) => TestStep | Promise<TestStep>);
  /** Stamps calls; default a clock that always reads 0. */
  readonly clock?: Pick<Clock, 'now'>;
}

export const reply = (
  usage: TestUsage,
  text = 'ok',
  headers?: Readonly<Record<string, string>>,
): TestStep => ({ kind: 'reply', text, usage, ...(headers === undefined ? {} : { headers }) });

export const fail = (error: unknown): TestStep => ({ kind: 'fail', error });

export const hang = (): TestStep => ({ kind: 'hang' });

/**
 * The `APICallError` an AI SDK adapter throws for an HTTP error: lower-cased headers, the provider's JSON
 * error body, and the AI SDK's own `isRetryable` rule (408, 409, 429 and 5xx).
 */
export function httpError(
  status: number,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly type?: string } = {},
): APICallError {
  const body = { type: 'error', error: { type: options.type ?? 'api_error', message: `status ${status}` } };
  return new APICallError({
    message: `status ${status}`,
    url: 'http://model.test/v1/messages',
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    responseBody: JSON.stringify(body),
    isRetryable: status === 408 || status === 409 || status === 429 || status >= 500,
  });
}

/** What an adapter throws when nothing listens on the port: no status, a socket error as the cause. */
export function connectionRefused(): APICallError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  return new APICallError({
    message: 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:9',
    url: 'http://127.0.0.1:9/v1/messages',
    requestBodyValues: {},
    cause,
    isRetryable: true,
  });
}

export function modelUsage(usage: TestUsage): ModelUsage {
  return {
    inputTokens: { total: usage.input, noCache: usage.input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: usage.output, text: usage.output, reasoning: 0 },
  };
}

/** The parts of a whole streamed reply, as an adapter sends them. */
export function replyParts(text: string, usage: TestUsage): ModelStreamPart[] {
  const parts: ModelStreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'response-metadata', id: 'response-1' },
    { type: 'text-start', id: 'text-1' },
  ];
  for (const word of text.split(/(?=\s)/)) parts.push({ type: 'text-delta', id: 'text-1', delta: word });
  parts.push(
    { type: 'text-end', id: 'text-1' },
    { type: 'finish', usage: modelUsage(usage), finishReason: { unified: 'stop', raw: 'end_turn' } },
  );
  return parts;
}

/**
 * A scripted `LanguageModelV4`.
 *
 * @example
 * const model = new TestLanguageModel({ steps: [fail(httpError(529)), reply({ input: 10, output: 5 })] });
 * await pipeline.generate({ model, options, key: 'call-1' });
 * model.calls.length; // 2
 */
export class TestLanguageModel implements Model {
  readonly specificationVersion = 'v4' as const;
  readonly provider: string;
  readonly modelId: string;
  readonly supportedUrls = {};
  readonly calls: TestCall[] = [];
  readonly #steps: readonly TestStep[] | ((call: TestCall) => TestStep | Promise<TestStep>);
  readonly #clock: Pick<Clock, 'now'>;
  #next = 0;

  constructor(options: TestLanguageModelOptions) {
    this.provider = options.provider ?? 'test.chat';
    this.modelId = options.modelId ?? 'test-model';
    this.#steps = options.steps;
    this.#clock = options.clock ?? { now: () => 0 };
  }

  /** Script steps not used yet (0 for a function script). */
  get pendingSteps(): number {
    return typeof this.#steps === 'function' ? 0 : this.#steps.length - this.#next;
  }

  async doGenerate(options: ModelCallOptions): Promise<ModelGenerateResult> {
    const step = await this.#take('generate', options);
    switch (step.kind) {
      case 'reply':
        return {
          content: [{ type: 'text', text: step.text }],
          finishReason: { unified: 'stop', raw: 'end_turn' },
          usage: modelUsage(step.usage),
          warnings: [],
          ...(step.headers === undefined ? {} : { response: { headers: { ...step.headers } } }),
        };
      case 'hang':
        return hangUntilAborted(options.abortSignal);
      case 'fail':
      case 'break':
        throw step.error;
    }
  }

  async doStream(options: ModelCallOptions): Promise<ModelStreamResult> {
    const step = await this.#take('stream', options);
    switch (step.kind) {
      case 'reply':
        return {
          stream: partStream(replyParts(step.text, step.usage), undefined, false),
          ...(step.headers === undefined ? {} : { response: { headers: { ...step.headers } } }),
        };
      case 'hang':
        return hangUntilAborted(options.abortSignal);
      case 'fail':
        throw step.error;
      case 'break':
        return { stream: partStream(step.parts, step.error, step.asPart === true) };
    }
  }

  async #take(method: TestCall['method'], options: ModelCallOptions): Promise<TestStep> {
    const call: TestCall = { method, options, at: this.#clock.now(), index: this.calls.length };
    this.calls.push(call);
    if (typeof this.#steps === 'function') return this.#steps(call);
    const step = this.#steps[this.#next++];
    if (step === undefined)
      throw new Error(`TestLanguageModel: no step scripted for call ${call.index + 1}.`);
    return step;
  }
}

function hangUntilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) return;
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A stream of `parts`, one per read, then the end, or `error` (as a part, or by erroring the stream). */
function partStream(
  parts: readonly ModelStreamPart[],
  error: unknown,
  asPart: boolean,
): ReadableStream<ModelStreamPart> {
  let next = 0;
  const broken = error !== undefined;
  return new ReadableStream<ModelStreamPart>({
    pull(controller) {
      const part = parts[next++];
      if (part !== undefined) {
        controller.enqueue(part);
        return;
      }
      if (!broken) controller.close();
      else if (asPart) {
        controller.enqueue({ type: 'error', error });
        controller.close();
      } else controller.error(error);
    },
  });
}
