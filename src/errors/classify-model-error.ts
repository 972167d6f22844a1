import { STATUS_CODES } from 'node:http';
import { APICallError, LoadAPIKeyError } from '@ai-sdk/provider';
import { ModelCallError, type ModelErrorKind } from './model-call-error.ts';

/** Which call failed; `now` is injectable so a `Retry-After` HTTP date can be tested without a clock. */
export interface ModelErrorContext {
  /** The provider as Vega names it: `anthropic`, `openai`, `ollama`, an openai-compatible name … */
  readonly provider: string;
  readonly model: string;
  readonly now?: () => number;
}

/** The facts about a failure that the classification reads; everything else is presentation. */
interface Facts {
  status?: number | undefined;
  /** Error `type` and `code` fields from the provider's body, and a network error's `code`. */
  codes: string[];
  providerMessage?: string | undefined;
  retryAfterMs?: number | undefined;
  url?: string | undefined;
  /** What went wrong in words, when there is no provider message (a socket error, an abort). */
  detail?: string | undefined;
  /** Decided before reading status and codes (an abort, a refused connection). */
  kind?: ModelErrorKind;
  /** What it is when neither the status nor a code says more. */
  fallbackKind?: ModelErrorKind;
}

// Providers' structured error codes (never message text) that name a more specific failure than the status.
const CONTEXT_LENGTH_CODES = new Set([
  'context_length_exceeded',
  'model_context_window_exceeded',
  'prompt_too_long',
]);
const CONTENT_FILTER_CODES = new Set([
  'content_filter',
  'content_policy_violation',
  'responsibleaipolicyviolation',
]);
const BILLING_CODES = new Set(['insufficient_quota', 'billing_error', 'billing_hard_limit_reached']);

/** Error `type`s and `code`s that classify a failure that arrived without an HTTP status (stream errors). */
const KIND_BY_CODE: Readonly<Record<string, ModelErrorKind>> = {
  rate_limit_error: 'rate_limit',
  rate_limit_exceeded: 'rate_limit',
  resource_exhausted: 'rate_limit',
  overloaded_error: 'overloaded',
  server_is_overloaded: 'overloaded',
  unavailable: 'overloaded',
  api_error: 'server',
  server_error: 'server',
  internal_error: 'server',
  internal: 'server',
  timeout_error: 'timeout',
  deadline_exceeded: 'timeout',
  authentication_error: 'authentication',
  invalid_api_key: 'authentication',
  unauthenticated: 'authentication',
  permission_error: 'permission',
  permission_denied: 'permission',
  not_found_error: 'not_found',
  model_not_found: 'not_found',
  not_found: 'not_found',
  invalid_request_error: 'invalid_request',
  request_too_large: 'invalid_request',
  invalid_argument: 'invalid_request',
};

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'ConnectionRefused',
  'ConnectionClosed',
  'FailedToOpenSocket',
  'CERT_HAS_EXPIRED',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
/** The server accepted the connection but stopped answering: the request timed out, it was not refused. */
const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const RETRY_ERROR_MARKER = Symbol.for('vercel.ai.error.AI_RetryError');

/**
 * Turns whatever a model call threw (an AI SDK `APICallError` or `RetryError`, a stream `error` part, an
 * abort, a socket failure) into a {@link ModelCallError} whose `kind` policies can act on. The kind comes
 * from the HTTP status, the provider's error `type`/`code` fields and the network error `code`, never from
 * message text. The message is one readable sentence; the hint says what to check.
 *
 * @example
 * try { await model.doGenerate(options); }
 * catch (error) { throw classifyModelError(error, { provider: 'anthropic', model: 'claude-sonnet-4-5' }); }
 */
export function classifyModelError(error: unknown, context: ModelErrorContext): ModelCallError {
  if (ModelCallError.isModelCallError(error)) return error;
  const facts = factsOf(error, context.now ?? Date.now);
  const kind = facts.kind ?? kindOf(facts);
  const hint = hintFor(kind, facts, context);
  return new ModelCallError({
    kind,
    provider: context.provider,
    model: context.model,
    message: messageFor(kind, facts, context),
    status: facts.status,
    providerMessage: facts.providerMessage,
    retryAfterMs: facts.retryAfterMs,
    url: facts.url,
    ...(hint === undefined ? {} : { hint }),
    cause: error,
  });
}

function factsOf(error: unknown, now: () => number): Facts {
  if (isRetryError(error)) {
    if (error.reason === 'abort') return { codes: [], kind: 'aborted', detail: 'the call was aborted' };
    return factsOf(error.lastError, now);
  }
  const abortKind = abortKindOf(error);
  if (abortKind !== undefined) return { codes: [], kind: abortKind, detail: messageOf(error) };
  if (APICallError.isInstance(error)) return apiCallFacts(error, now);
  if (LoadAPIKeyError.isInstance(error)) return { codes: [], kind: 'authentication', detail: error.message };
  const network = networkCodeOf(error);
  if (network !== undefined) return { codes: [network.code], detail: network.message };
  if (isFetchFailure(error)) {
    return { codes: [], kind: 'connection', detail: messageOf((error as Error).cause) ?? messageOf(error) };
  }
  // A stream `error` part, or a provider's error body given as is, is a plain object, not an Error.
  if (isRecord(error) && (!(error instanceof Error) || statusOf(error) !== undefined)) {
    const body = parseBody(error);
    return {
      status: statusOf(error),
      codes: body.codes,
      providerMessage: body.message,
      detail: messageOf(error),
    };
  }
  return { codes: [], kind: 'unknown', detail: messageOf(error) };
}

function apiCallFacts(error: APICallError, now: () => number): Facts {
  // The raw body first: `data` is the adapter's schema-parsed copy, which drops fields it does not know.
  const raw = parseBody(error.responseBody);
  const body = raw.codes.length > 0 || raw.message !== undefined ? raw : parseBody(error.data);
  // Without a status no response arrived; with a success status the body broke off (a dropped stream).
  const failedMidResponse = error.statusCode === undefined || error.statusCode < 400;
  const network = failedMidResponse ? networkCodeOf(error.cause) : undefined;
  return {
    // A 200 whose body broke off is a connection failure, not an answer with that status.
    status:
      network !== undefined && error.statusCode !== undefined && error.statusCode < 400
        ? undefined
        : error.statusCode,
    codes: network === undefined ? body.codes : [network.code],
    providerMessage: body.message,
    retryAfterMs: retryAfterMsOf(error.responseHeaders, now),
    url: error.url,
    detail: network?.message ?? error.message,
    // The AI SDK throws an APICallError without a status only when no response arrived.
    fallbackKind: error.statusCode === undefined ? 'connection' : 'unknown',
  };
}

function kindOf(facts: Facts): ModelErrorKind {
  const codes = facts.codes.map((code) => code.toLowerCase());
  if (codes.some((code) => CONTEXT_LENGTH_CODES.has(code))) return 'context_length';
  if (codes.some((code) => CONTENT_FILTER_CODES.has(code))) return 'content_filter';
  if (codes.some((code) => BILLING_CODES.has(code))) return 'permission';
  for (const code of facts.codes) {
    if (TIMEOUT_CODES.has(code)) return 'timeout';
    if (CONNECTION_CODES.has(code)) return 'connection';
  }
  if (facts.status !== undefined) return kindOfStatus(facts.status);
  for (const code of codes) {
    const kind = Object.hasOwn(KIND_BY_CODE, code) ? KIND_BY_CODE[code] : undefined;
    if (kind !== undefined) return kind;
  }
  return facts.fallbackKind ?? 'unknown';
}

function kindOfStatus(status: number): ModelErrorKind {
  if (status === 429) return 'rate_limit';
  if (status === 529 || status === 503) return 'overloaded';
  if (status === 408 || status === 504) return 'timeout';
  // A conflict is transient on the provider's side; the AI SDK and OpenAI both retry it.
  if (status === 409 || status >= 500) return 'server';
  if (status === 401) return 'authentication';
  // 402 is "add credits": the key may not be used until someone pays, which retrying does not fix.
  if (status === 402 || status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status >= 400) return 'invalid_request';
  return 'unknown';
}

function messageFor(kind: ModelErrorKind, facts: Facts, context: ModelErrorContext): string {
  const subject = `${providerName(context.provider)} model ${context.model}`;
  const said = facts.providerMessage ?? facts.detail;
  if (facts.status !== undefined) {
    const reason = facts.status === 529 ? 'Overloaded' : STATUS_CODES[facts.status];
    const answered = `${subject} answered ${facts.status}${reason === undefined ? '' : ` ${reason}`}`;
    return facts.providerMessage === undefined ? answered : `${answered}: ${facts.providerMessage}`;
  }
  const at = facts.url === undefined ? '' : ` at ${facts.url}`;
  switch (kind) {
    case 'aborted':
      return `The call to ${subject} was aborted.`;
    case 'connection':
      return `${subject} could not be reached${at}${said === undefined ? '' : `: ${said}`}`;
    case 'timeout':
      return `${subject} did not answer in time${at}${said === undefined ? '' : `: ${said}`}`;
    case 'unknown':
      return `${subject} failed${said === undefined ? '' : `: ${said}`}`;
    default:
      return `${subject} failed (${kind.replaceAll('_', ' ')})${said === undefined ? '' : `: ${said}`}`;
  }
}

function hintFor(kind: ModelErrorKind, facts: Facts, context: ModelErrorContext): string | undefined {
  const provider = providerName(context.provider);
  const variables = variablesOf(provider);
  switch (kind) {
    case 'rate_limit': {
      const wait =
        facts.retryAfterMs === undefined ? 'later' : `in ${Math.ceil(facts.retryAfterMs / 1000)} s`;
      return `The provider is rate limiting this key: retry ${wait}, lower concurrency or rate limits in Vega, or raise your limits with ${provider}.`;
    }
    case 'overloaded':
      return 'The provider is overloaded, which is temporary: retry later, or configure a fallback model.';
    case 'timeout':
      return 'The provider took too long: retry, raise the per-attempt timeout, or ask for a shorter answer.';
    case 'server':
      return `${provider} failed on its side: retry later, and check its status page if it persists.`;
    case 'connection':
      return `Check ${variables.baseUrl} (is the URL right, is the server running?), your network, proxy and TLS certificates.`;
    case 'authentication':
      return `Check ${variables.apiKey}: the key may be mistyped, revoked, or belong to another provider or base URL.`;
    case 'permission':
      return 'The key may not use this model or feature, or its account has no credit left: check model access, billing and quota.';
    case 'not_found':
      return provider === 'ollama'
        ? `Check the model name; pull it first with \`ollama pull ${context.model}\`.`
        : `Check the model name '${context.model}' and ${variables.baseUrl}: the provider does not serve it there.`;
    case 'context_length':
      return "The conversation is longer than the model's context window: shorten the history or tool results, or use a model with a larger window.";
    case 'content_filter':
      return "The provider's safety filter blocked the request or the answer: change the input.";
    case 'invalid_request':
      return "The provider rejected the request as invalid: read its message, and check the model's parameters (max tokens, tools, schemas).";
    default:
      return undefined;
  }
}

/**
 * The provider as people name it. Callers pass registry names (`openai-chat`) or adapter names
 * (`anthropic.messages`, `openai.responses`, `groq.chat`); the error keeps what it was given.
 */
function providerName(provider: string): string {
  const name = provider.split('.')[0] || provider;
  return name === 'openai-chat' ? 'openai' : name;
}

/** The environment variables that configure a provider, for hints. */
function variablesOf(provider: string): { apiKey: string; baseUrl: string } {
  if (provider === 'ollama') return { apiKey: 'OLLAMA_API_KEY', baseUrl: 'OLLAMA_HOST' };
  const prefix = provider.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return { apiKey: `${prefix}_API_KEY`, baseUrl: `${prefix}_BASE_URL` };
}

/** `retry-after-ms` (OpenAI) wins over `retry-after`, which is seconds or an HTTP date. */
function retryAfterMsOf(headers: Record<string, string> | undefined, now: () => number): number | undefined {
  if (headers === undefined) return undefined;
  const header = (name: string) =>
    Object.entries(headers)
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.trim();
  const milliseconds = Number(header('retry-after-ms') || Number.NaN);
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const retryAfter = header('retry-after');
  if (retryAfter === undefined || retryAfter === '') return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.round(seconds * 1000) : undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now());
}

/**
 * Reads `{ error: { type, code, message } }` (Anthropic, OpenAI), `[{ error: { status, message } }]`
 * (Gemini), `{ error: "…" }` (Ollama), and a stream error part's `{ type, code, message }`.
 */
function parseBody(value: unknown): { codes: string[]; message?: string | undefined } {
  let body = value;
  if (typeof value === 'string') {
    try {
      body = JSON.parse(value);
    } catch {
      const text = value.trim();
      return {
        codes: [],
        message: text === '' || text.startsWith('<') || text.length > 500 ? undefined : text,
      };
    }
  }
  if (Array.isArray(body)) body = body[0];
  if (!isRecord(body)) return { codes: [] };
  const inner = isRecord(body.error) ? body.error : body;
  const details = isRecord(inner.details) ? inner.details : {};
  const innerError = isRecord(inner.innererror) ? inner.innererror : {};
  const codes = [
    inner.code,
    inner.type,
    inner.status,
    details.error_code,
    innerError.code,
    body.code,
    body.type,
  ].filter((code): code is string => typeof code === 'string' && code !== '' && code !== 'error');
  const message =
    typeof inner.message === 'string'
      ? inner.message
      : typeof body.error === 'string'
        ? body.error
        : undefined;
  return { codes: [...new Set(codes)], message };
}

/** The first network error `code` in the cause chain (including an `AggregateError`'s errors). */
function networkCodeOf(
  error: unknown,
  seen = new Set<unknown>(),
): { code: string; message: string } | undefined {
  if (!isRecord(error) || seen.has(error) || seen.size > 8) return undefined;
  seen.add(error);
  if (typeof error.code === 'string' && (CONNECTION_CODES.has(error.code) || TIMEOUT_CODES.has(error.code))) {
    return { code: error.code, message: messageOf(error) ?? error.code };
  }
  const nested = [error.cause, ...(Array.isArray(error.errors) ? error.errors : [])];
  for (const inner of nested) {
    const found = networkCodeOf(inner, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}

function abortKindOf(error: unknown): ModelErrorKind | undefined {
  if (!isRecord(error)) return undefined;
  if (error.name === 'AbortError' || error.name === 'ResponseAborted') return 'aborted';
  if (error.name === 'TimeoutError') return 'timeout';
  return undefined;
}

/** `fetch` rejects with `TypeError('fetch failed')` when it never got a response. */
function isFetchFailure(error: unknown): boolean {
  return (
    error instanceof TypeError && ['fetch failed', 'failed to fetch'].includes(error.message.toLowerCase())
  );
}

function isRetryError(error: unknown): error is { reason: string; lastError: unknown } {
  return isRecord(error) && error[RETRY_ERROR_MARKER] === true;
}

function statusOf(error: unknown): number | undefined {
  if (!isRecord(error)) return undefined;
  const status = error.statusCode ?? error.status;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
    ? status
    : undefined;
}

function messageOf(error: unknown): string | undefined {
  if (isRecord(error) && typeof error.message === 'string' && error.message !== '') return error.message;
  if (typeof error === 'string' && error !== '') return error;
  return undefined;
}

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null;
}
