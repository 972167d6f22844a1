import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedError, ScriptedReply } from '../../model/scripted/scripted-reply.ts';
import { type Clock, systemClock } from '../../spec/clock.ts';
import { createIdSequence, type IdSequence } from './id-sequence.ts';
import { readRequest } from './read-request.ts';
import type { RecordedRequest } from './recorded-request.ts';
import { type ReplyHandler, ReplyScript } from './reply-script.ts';
import { errorFormatFor, formatForPath, SPOKEN_ENDPOINTS } from './routes.ts';
import type { WireResponse } from './wire-response.ts';

export interface FixtureServerOptions {
  /** Replies to queue from the start, as if passed to `enqueue`. */
  readonly replies?: readonly ScriptedReply[];
  /** Answers requests once the queue is empty, as if passed to `setHandler`. */
  readonly handler?: ReplyHandler;
  /** The port on 127.0.0.1; default 0, an ephemeral port chosen by the system. */
  readonly port?: number;
  /** The time written into `created` fields; default the wall clock. */
  readonly clock?: Pick<Clock, 'now'>;
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
  enqueue(...replies: ScriptedReply[]): void;
  /** Answers model requests while the queue is empty; `undefined` removes the handler. */
  setHandler(handler: ReplyHandler | undefined): void;
  /** Forgets recorded requests, queued replies and the handler, and restarts ids at 1. */
  reset(): void;
  /** Stops listening and drops open connections. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * Starts a fixture provider server on 127.0.0.1 that speaks the Anthropic Messages API
 * (`POST /v1/messages`), OpenAI Chat Completions (`POST /v1/chat/completions`) and the OpenAI Responses
 * API (`POST /v1/responses`) on the wire, JSON and server-sent events, so real provider adapters can be
 * tested end to end. Replies come from a FIFO queue, then from a handler; with neither, the server
 * answers 500 with a message saying no reply was scripted. Ids are deterministic (`msg_1`, `toolu_1`,
 * `call_1`, ...).
 *
 * @example
 * await using server = await startFixtureServer();
 * server.enqueue({ text: 'Hello!', usage: { input: 12, output: 3 } });
 * const anthropic = createAnthropic({ baseURL: server.anthropicBaseURL, apiKey: 'test' });
 * const { text } = await generateText({ model: anthropic('claude-sonnet-4-5'), prompt: 'Hi' });
 * // text === 'Hello!'; server.requests[0].body.model === 'claude-sonnet-4-5'
 */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const clock = options.clock ?? systemClock;
  const script = new ReplyScript();
  script.enqueue(options.replies ?? []);
  script.setHandler(options.handler);
  let ids = createIdSequence();
  let requests: RecordedRequest[] = [];

  async function answer(request: RecordedRequest, sequence: IdSequence): Promise<WireResponse> {
    const format = formatForPath(request.path);
    if (format === undefined) {
      return errorFormatFor(request.path, request.headers).error(
        {
          status: 404,
          message: `Fixture server: no endpoint ${request.method} ${request.path}. It speaks ${SPOKEN_ENDPOINTS}.`,
        },
        sequence,
      );
    }
    if (request.method !== 'POST') {
      return format.error(
        {
          status: 405,
          message: `Fixture server: ${request.method} is not allowed on ${request.path}; use POST.`,
        },
        sequence,
      );
    }
    if (request.body === undefined) {
      return format.error(
        { status: 400, message: 'Fixture server: the request body is empty or not valid JSON.' },
        sequence,
      );
    }
    try {
      const reply = await script.next(request);
      if (reply === undefined) return format.error(noReplyError(request), sequence);
      if (reply.error !== undefined) return format.error(reply.error, sequence);
      return format.reply(reply, { request, ids: sequence, createdAt: Math.floor(clock.now() / 1000) });
    } catch (error) {
      return format.error(scriptFailure(request, error), sequence);
    }
  }

  async function handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const sequence = ids;
    const received = await readRequest(incoming);
    // Numbered once the body is in, so concurrent requests get distinct positions in arrival order.
    const request: RecordedRequest = { ...received, index: requests.length };
    requests.push(request);
    write(outgoing, await answer(request, sequence));
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
    reset() {
      script.reset();
      requests = [];
      ids = createIdSequence();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

function noReplyError(request: RecordedRequest): ScriptedError {
  return {
    status: 500,
    message:
      `Fixture server: no reply was scripted for request #${request.index} (${request.method} ${request.path}). ` +
      'Call enqueue(...) or setHandler(...) before the model call.',
  };
}

function scriptFailure(request: RecordedRequest, error: unknown): ScriptedError {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    message: `Fixture server: the script failed for request #${request.index} (${request.method} ${request.path}): ${reason}`,
  };
}

function write(outgoing: ServerResponse, response: WireResponse): void {
  if (outgoing.destroyed) return;
  outgoing.writeHead(response.status, response.headers);
  for (const piece of response.body) outgoing.write(piece);
  outgoing.end();
}
