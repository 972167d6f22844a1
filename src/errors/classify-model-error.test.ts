import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { APICallError } from '@ai-sdk/provider';
import { RetryError } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelCallOptions } from '../spec/model.ts';
import { classifyModelError } from './classify-model-error.ts';
import { ModelCallError } from './model-call-error.ts';

async function failureOf(call: PromiseLike<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

const anthropic = { provider: 'anthropic', model: 'claude-sonnet-4-5' };
const openai = { provider: 'openai', model: 'gpt-4o' };
const URL_ = 'https://api.anthropic.com/v1/messages';

function apiError(fields: {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  cause?: unknown;
  message?: string;
}): APICallError {
  return new APICallError({
    message: fields.message ?? 'request failed',
    url: URL_,
    requestBodyValues: {},
    ...(fields.status === undefined ? {} : { statusCode: fields.status }),
    ...(fields.headers === undefined ? {} : { responseHeaders: fields.headers }),
    ...(fields.body === undefined
      ? {}
      : { responseBody: typeof fields.body === 'string' ? fields.body : JSON.stringify(fields.body) }),
    ...(fields.cause === undefined ? {} : { cause: fields.cause }),
  });
}

function anthropicBody(type: string, message: string) {
  return { type: 'error', error: { type, message }, request_id: 'req_011' };
}

function openaiBody(code: string | null, message: string, type = 'invalid_request_error') {
  return { error: { message, type, param: null, code } };
}

describe('classifyModelError from HTTP answers', () => {
  it('reads a 429 as a rate limit, with the provider message and Retry-After in seconds', () => {
    const error = classifyModelError(
      apiError({
        status: 429,
        headers: { 'retry-after': '7', 'content-type': 'application/json' },
        body: anthropicBody(
          'rate_limit_error',
          'Number of request tokens has exceeded your per-minute rate limit',
        ),
      }),
      anthropic,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({
      code: 'model_call_failed',
      kind: 'rate_limit',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      status: 429,
      retryAfterMs: 7000,
      url: URL_,
      providerMessage: 'Number of request tokens has exceeded your per-minute rate limit',
      retryable: true,
    });
    expect(error.message).toBe(
      'anthropic model claude-sonnet-4-5 answered 429 Too Many Requests: ' +
        'Number of request tokens has exceeded your per-minute rate limit',
    );
    expect(error.hint).toContain('retry in 7 s');
  });

  it('prefers retry-after-ms, and reads fractional seconds and HTTP dates', () => {
    const headers = { 'retry-after-ms': '1500.4', 'retry-after': '2' };
    expect(classifyModelError(apiError({ status: 429, headers }), openai).retryAfterMs).toBe(1500);
    expect(
      classifyModelError(apiError({ status: 429, headers: { 'Retry-After': '0.5' } }), openai).retryAfterMs,
    ).toBe(500);
    const now = () => Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    const dated = apiError({ status: 503, headers: { 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT' } });
    expect(classifyModelError(dated, { ...openai, now }).retryAfterMs).toBe(30_000);
    const past = apiError({ status: 429, headers: { 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' } });
    expect(classifyModelError(past, { ...openai, now }).retryAfterMs).toBe(0);
    expect(
      classifyModelError(apiError({ status: 429, headers: { 'retry-after': 'soon' } }), openai).retryAfterMs,
    ).toBe(undefined);
  });

  it.each([
    [529, 'overloaded'],
    [503, 'overloaded'],
    [408, 'timeout'],
    [504, 'timeout'],
    [500, 'server'],
    [502, 'server'],
    [409, 'server'],
    [401, 'authentication'],
    [402, 'permission'],
    [403, 'permission'],
    [404, 'not_found'],
    [400, 'invalid_request'],
    [413, 'invalid_request'],
    [422, 'invalid_request'],
  ] as const)('reads status %i as %s', (status, kind) => {
    expect(classifyModelError(apiError({ status }), anthropic).kind).toBe(kind);
  });

  it('names the Anthropic overload and the key variable to check', () => {
    const overloaded = classifyModelError(
      apiError({ status: 529, body: anthropicBody('overloaded_error', 'Overloaded') }),
      anthropic,
    );
    expect(overloaded.message).toBe('anthropic model claude-sonnet-4-5 answered 529 Overloaded: Overloaded');
    const unauthorized = classifyModelError(
      apiError({ status: 401, body: anthropicBody('authentication_error', 'invalid x-api-key') }),
      anthropic,
    );
    expect(unauthorized.hint).toContain('ANTHROPIC_API_KEY');
    expect(unauthorized.retryable).toBe(false);
  });

  it('reads the context-length code of OpenAI, whatever the status text says', () => {
    const error = classifyModelError(
      apiError({
        status: 400,
        body: openaiBody('context_length_exceeded', "This model's maximum context length is 128000 tokens."),
      }),
      openai,
    );
    expect(error.kind).toBe('context_length');
    expect(error.providerMessage).toBe("This model's maximum context length is 128000 tokens.");
    expect(error.retryable).toBe(false);
  });

  it('never reads the kind from message text', () => {
    const anthropicTooLong = apiError({
      status: 400,
      body: anthropicBody('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum'),
    });
    // Anthropic sends no structured code for this; the message is the provider's, shown but not parsed.
    expect(classifyModelError(anthropicTooLong, anthropic).kind).toBe('invalid_request');
    const prose = apiError({
      status: 400,
      body: openaiBody(null, 'context_length_exceeded, rate limit, overloaded'),
    });
    expect(classifyModelError(prose, openai).kind).toBe('invalid_request');
  });

  it('reads content-filter codes, including Azure inner errors', () => {
    const azure = {
      error: {
        message: 'The response was filtered',
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: { code: 'ResponsibleAIPolicyViolation' },
      },
    };
    expect(classifyModelError(apiError({ status: 400, body: azure }), openai).kind).toBe('content_filter');
    const image = apiError({ status: 400, body: openaiBody('content_policy_violation', 'blocked') });
    expect(classifyModelError(image, openai).kind).toBe('content_filter');
  });

  it('reads an exhausted OpenAI quota as a permission problem, not a rate limit to wait out', () => {
    const error = classifyModelError(
      apiError({
        status: 429,
        body: openaiBody('insufficient_quota', 'You exceeded your current quota.', 'insufficient_quota'),
      }),
      openai,
    );
    expect(error.kind).toBe('permission');
    expect(error.retryable).toBe(false);
    expect(error.hint).toContain('billing');
  });

  it('reads Gemini array bodies and Ollama string errors', () => {
    const gemini = [
      { error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } },
    ];
    const geminiError = classifyModelError(apiError({ status: 429, body: gemini }), {
      provider: 'gemini',
      model: 'gemini-2.5-pro',
    });
    expect(geminiError).toMatchObject({ kind: 'rate_limit', providerMessage: 'Resource has been exhausted' });

    const ollama = classifyModelError(
      apiError({ status: 404, body: { error: 'model "llama9" not found, try pulling it first' } }),
      {
        provider: 'ollama',
        model: 'llama9',
      },
    );
    expect(ollama).toMatchObject({
      kind: 'not_found',
      providerMessage: 'model "llama9" not found, try pulling it first',
    });
    expect(ollama.hint).toContain('ollama pull llama9');
  });

  it('shows a short text body but not an HTML error page', () => {
    const html = apiError({ status: 502, body: '<html><body>Bad gateway</body></html>' });
    expect(classifyModelError(html, anthropic)).toMatchObject({ kind: 'server', providerMessage: undefined });
    expect(classifyModelError(html, anthropic).message).toBe(
      'anthropic model claude-sonnet-4-5 answered 502 Bad Gateway',
    );
    const text = apiError({ status: 500, body: 'upstream crashed' });
    expect(classifyModelError(text, anthropic).providerMessage).toBe('upstream crashed');
  });
});

describe('classifyModelError from other failures', () => {
  it('classifies the last error inside an AI SDK RetryError and keeps the RetryError as cause', () => {
    const last = apiError({ status: 429, headers: { 'retry-after': '3' } });
    const retry = new RetryError({
      message: 'Failed after 3 attempts',
      reason: 'maxRetriesExceeded',
      errors: [last, last, last],
    });
    const error = classifyModelError(retry, anthropic);
    expect(error).toMatchObject({ kind: 'rate_limit', retryAfterMs: 3000 });
    expect(error.cause).toBe(retry);
    const aborted = new RetryError({ message: 'aborted', reason: 'abort', errors: [last] });
    expect(classifyModelError(aborted, anthropic).kind).toBe('aborted');
  });

  it('reads an abort and a timeout signal', () => {
    const aborted = classifyModelError(
      new DOMException('This operation was aborted', 'AbortError'),
      anthropic,
    );
    expect(aborted).toMatchObject({ kind: 'aborted', retryable: false });
    expect(aborted.message).toBe('The call to anthropic model claude-sonnet-4-5 was aborted.');
    const timedOut = classifyModelError(
      new DOMException('The operation timed out.', 'TimeoutError'),
      anthropic,
    );
    expect(timedOut).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('reads an aborted real fetch', async () => {
    const controller = new AbortController();
    controller.abort();
    const failure = await fetch('http://127.0.0.1:9/', { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    expect(classifyModelError(failure, anthropic).kind).toBe('aborted');
  });

  it('reads stream error parts, with or without a status', () => {
    const part = {
      message: 'Overloaded',
      type: 'overloaded_error',
      code: undefined,
      statusCode: 529,
      isRetryable: true,
    };
    expect(classifyModelError(part, anthropic)).toMatchObject({
      kind: 'overloaded',
      status: 529,
      providerMessage: 'Overloaded',
    });
    const raw = { type: 'error', error: { type: 'rate_limit_error', message: 'Slow down' } };
    expect(classifyModelError(raw, anthropic)).toMatchObject({
      kind: 'rate_limit',
      status: undefined,
      providerMessage: 'Slow down',
    });
    const openaiFrame = { type: 'error', code: 'context_length_exceeded', message: 'Too long', param: null };
    expect(classifyModelError(openaiFrame, openai).kind).toBe('context_length');
  });

  it('reads a network error code anywhere in the cause chain', () => {
    const notFound = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }),
    });
    const error = classifyModelError(notFound, anthropic);
    expect(error).toMatchObject({ kind: 'connection', retryable: true });
    expect(error.message).toBe(
      'anthropic model claude-sonnet-4-5 could not be reached: getaddrinfo ENOTFOUND api.example.invalid',
    );
    expect(error.hint).toContain('ANTHROPIC_BASE_URL');

    const stalled = new TypeError('fetch failed', {
      cause: Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }),
    });
    expect(classifyModelError(stalled, anthropic).kind).toBe('timeout');
  });

  it('speaks of the provider as people name it, whichever name the caller has', () => {
    const error = classifyModelError(apiError({ status: 401 }), {
      provider: 'openai.responses',
      model: 'gpt-5',
    });
    expect(error.provider).toBe('openai.responses');
    expect(error.message).toBe('openai model gpt-5 answered 401 Unauthorized');
    expect(error.hint).toContain('OPENAI_API_KEY');
    const groq = classifyModelError(apiError({ status: 401 }), {
      provider: 'groq.chat',
      model: 'llama-3.3-70b',
    });
    expect(groq.hint).toContain('GROQ_API_KEY');
  });

  it('passes a ModelCallError through unchanged', () => {
    const first = classifyModelError(apiError({ status: 500 }), anthropic);
    expect(classifyModelError(first, openai)).toBe(first);
  });

  it('calls anything else unknown, and says what it was', () => {
    const error = classifyModelError(new Error('boom'), anthropic);
    expect(error).toMatchObject({
      kind: 'unknown',
      providerMessage: undefined,
      retryable: false,
      hint: undefined,
    });
    expect(error.message).toBe('anthropic model claude-sonnet-4-5 failed: boom');
    expect(classifyModelError(undefined, anthropic).message).toBe('anthropic model claude-sonnet-4-5 failed');
  });
});

describe('classifyModelError against real sockets', () => {
  let server: Server | undefined;

  afterEach(async () => {
    const open = server;
    server = undefined;
    if (open !== undefined) await new Promise<void>((resolve) => open.close(() => resolve()));
  });

  async function listen(
    handler: (request: IncomingMessage, response: ServerResponse) => void,
  ): Promise<string> {
    server = createServer(handler);
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  }

  async function closedPort(): Promise<string> {
    const url = await listen(() => {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    return url;
  }

  const options: ModelCallOptions = { prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] };

  it('reads a refused connection from plain fetch', async () => {
    const url = await closedPort();
    const failure = await fetch(url).catch((error: unknown) => error);
    const error = classifyModelError(failure, anthropic);
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/^anthropic model claude-sonnet-4-5 could not be reached: .*ECONNREFUSED/);
  });

  it('reads a refused connection through the Anthropic adapter, with the URL', async () => {
    const url = await closedPort();
    const model = createAnthropic({ apiKey: 'test-key', baseURL: `${url}/v1` })('claude-sonnet-4-5');
    const failure = await failureOf(model.doGenerate(options));
    const error = classifyModelError(failure, anthropic);
    expect(error).toMatchObject({ kind: 'connection', url: `${url}/v1/messages`, status: undefined });
    expect(error.message).toContain(`could not be reached at ${url}/v1/messages`);
  });

  it('reads a 429 with Retry-After sent over HTTP by an Anthropic-shaped server', async () => {
    const url = await listen((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '12' });
      response.end(JSON.stringify(anthropicBody('rate_limit_error', 'Rate limited')));
    });
    const model = createAnthropic({ apiKey: 'test-key', baseURL: `${url}/v1` })('claude-sonnet-4-5');
    const error = classifyModelError(await failureOf(model.doGenerate(options)), anthropic);
    expect(error).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      retryAfterMs: 12_000,
      providerMessage: 'Rate limited',
    });
  });

  it('reads an OpenAI context-length error sent over HTTP', async () => {
    const url = await listen((_request, response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify(openaiBody('context_length_exceeded', 'Too many tokens')));
    });
    const model = createOpenAI({ apiKey: 'test-key', baseURL: `${url}/v1` }).chat('gpt-4o');
    const error = classifyModelError(await failureOf(model.doGenerate(options)), openai);
    expect(error).toMatchObject({ kind: 'context_length', status: 400, providerMessage: 'Too many tokens' });
    expect(error.message).toBe('openai model gpt-4o answered 400 Bad Request: Too many tokens');
  });
});
