import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '../../spec/clock.ts';
import { answerModelRequest } from './answer-model-request.ts';
import { ChaosSettings } from './chaos-settings.ts';
import { writeDelivery } from './delivery.ts';
import type { FixtureReply } from './fixture-reply.ts';
import { type FixtureStats, StatsCounter } from './fixture-stats.ts';
import { createIdSequence } from './id-sequence.ts';
import { type Latency, latencyMs } from './latency.ts';
import type { RandomFaults } from './random-faults.ts';
import type { RateLimits } from './rate-limiter.ts';
import { readRequest } from './read-request.ts';
import type { RecordedRequest } from './recorded-request.ts';
import { type ReplyHandler, ReplyScript } from './reply-script.ts';
import { errorFormatFor, formatForPath, SPOKEN_ENDPOINTS } from './routes.ts';
import { wait } from './wait.ts';

export interface FixtureServerOptions {
  /** Replies to queue from the start, as if passed to `enqueue`. */
  readonly replies?: readonly FixtureReply[];
  /** Answers requests once the queue is empty, as if passed to `setHandler`. */
  readonly handler?: ReplyHandler;
  /** The port on 127.0.0.1; default 0, an ephemeral port chosen by the system. */
  readonly port?: number;
  /** The time written into `created` fields and the time the rate limits refill by; default the wall clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** Rate limits to enforce, as if passed to `setLimits`; default none. */
  readonly limits?: RateLimits;
  /** A wait before every model request is answered (real timers), as if passed to `setLatency`. */
  readonly latency?: Latency;
  /** Faults injected at random, as if passed to `setFaults`. */
  readonly faults?: RandomFaults;
  /**
   * Numbers in [0, 1) for random faults and the latency range; default `Math.random`. Per model request
   * it draws once to decide a fault (twice when it faults), then once for a latency range.
   */
  readonly random?: () => number;
}

/** A local HTTP server that answers like Anthropic and OpenAI, from scripted replies. */
export interface FixtureServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** `baseURL` for `createAnthropic`: `${url}/v1`. */
  readonly anthropicBaseURL: string;
  /** `baseURL` for `createOpenAI` (Responses and Chat Completions alike): `${url}/v1`. */
  readonly openaiBaseURL: string;
  /** Every request received since start or the last `reset()`, in arrival order, unknown paths included. */
  readonly requests: readonly RecordedRequest[];
  /** Queued replies not yet used. */
  readonly pendingReplies: number;
  /** Queues replies; each model request takes the oldest one. */
  enqueue(...replies: FixtureReply[]): void;
  /** Answers model requests while the queue is empty; `undefined` removes the handler. */
  setHandler(handler: ReplyHandler | undefined): void;
  /**
   * Enforces rate limits from now on, with full buckets; `undefined` removes them. Each model request
   * costs 1 request and its reply's `usage.input + usage.output` tokens; one that does not fit gets the
   * provider's 429 with `retry-after`, and rate-limit headers go on every answer while limits are set.
   */
  setLimits(limits: RateLimits | undefined): void;
  /** Sets the wait before each model request is answered; `undefined` removes it. */
  setLatency(latency: Latency | undefined): void;
  /** Sets the faults injected at random; `undefined` removes them. */
  setFaults(faults: RandomFaults | undefined): void;
  /** Counts of model requests and answers since start or the last `reset()`. */
  stats(): FixtureStats;
  /**
   * Forgets recorded requests, queued replies, the handler and the stats, restarts ids at 1 and fills the
   * rate-limit buckets again. Limits, latency and faults stay set.
   */
  reset(): void;
  /** Stops listening and drops open connections, ending any wait. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts a fixture provider server on 127.0.0.1 that speaks the Anthropic Messages API
 * (`POST /v1/messages`), OpenAI Chat Completions (`POST /v1/chat/completions`) and the OpenAI Responses
 * API (`POST /v1/responses`) on the wire, JSON and server-sent events, so real provider adapters can be
 * tested end to end. Replies come from a FIFO queue, then from a handler; with neither, the server
 * answers 500 with a message saying no reply was scripted. Ids are deterministic (`msg_1`, `toolu_1`,
 * `call_1`, ...). Optional chaos: enforced rate limits, latency, per-reply faults (see `FixtureReply`) and
 * random faults.
 *
 * @example
 * await using server = await startFixtureServer({ limits: { requestsPerMinute: 60 } });
 * server.enqueue({ text: 'Hello!', usage: { input: 12, output: 3 } });
 * const anthropic = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' });
 * const { text } = await generateText({ model: anthropic('claude-sonnet-4-5'), prompt: 'Hi' });
 * // text === 'Hello!'; server.requests[0].body.model === 'claude-sonnet-4-5'
 */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const chaos = new ChaosSettings({
    clock: options.clock ?? systemClock,
    random: options.random ?? Math.random,
    limits: options.limits,
    latency: options.latency,
    faults: options.faults,
  });
  const script = new ReplyScript();
  script.enqueue(options.replies ?? []);
  script.setHandler(options.handler);
  let ids = createIdSequence();
  let requests: RecordedRequest[] = [];
  let stats = new StatsCounter();

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    // Listening from the start, so a client gone during a wait ends the wait (and clears its timer).
    const gone = new AbortController();
    outgoing.once('close', () => gone.abort());
    const sequence = ids;
    const counter = stats;
    const received = await readRequest(incoming);
    // Numbered once the body is in, so concurrent requests get distinct positions in arrival order.
    const request: RecordedRequest = { ...received, index: requests.length };
    requests.push(request);
    const format = formatForPath(request.path);
    if (format === undefined) {
      const message = `Fixture server: no endpoint ${request.method} ${request.path}. It speaks ${SPOKEN_ENDPOINTS}.`;
      const response = errorFormatFor(request.path, request.headers).error(
        { status: 404, message },
        sequence,
      );
      await writeDelivery(outgoing, { response, delayMs: 0 });
      return;
    }
    counter.countRequest();
    const delivery = await answerModelRequest(request, format, {
      script,
      chaos,
      stats: counter,
      ids: sequence,
    });
    await wait(latencyMs(chaos.latency, request, chaos.random) + delivery.delayMs, gone.signal);
    const status = await writeDelivery(outgoing, delivery);
    if (status !== undefined) counter.countAnswer(status);
  }

  const server = createServer((incoming, outgoing) => {
    // A client that goes away mid-request leaves nothing to answer.
    handle(incoming, outgoing).catch(() => outgoing.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closing: Promise<void> | undefined;

  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error === undefined ? resolve() : reject(error)));
      // Destroying the sockets closes every response, which ends the waits of delayed answers.
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    anthropicBaseURL: `${url}/v1`,
    openaiBaseURL: `${url}/v1`,
    get requests() {
      return requests;
    },
    get pendingReplies() {
      return script.pending;
    },
    enqueue: (...replies) => script.enqueue(replies),
    setHandler: (handler) => script.setHandler(handler),
    setLimits: (limits) => chaos.setLimits(limits),
    setLatency: (latency) => chaos.setLatency(latency),
    setFaults: (faults) => chaos.setFaults(faults),
    stats: () => stats.snapshot(),
    reset() {
      script.reset();
      requests = [];
      ids = createIdSequence();
      stats = new StatsCounter();
      chaos.refill();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
