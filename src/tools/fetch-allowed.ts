import { checkUrlAllowed } from './allowed-hosts.ts';

/** Options of {@link fetchAllowed}. */
export interface FetchAllowedOptions {
  /** Hosts the request and every redirect may go to; see {@link checkUrlAllowed}. */
  readonly allowedHosts: readonly string[];
  readonly method: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Aborted after this many milliseconds. */
  readonly timeoutMs: number;
  /** Bytes of the response body kept; the rest is not read and the result says so. */
  readonly maxBodyBytes: number;
  readonly signal: AbortSignal;
  /** The `fetch` to use; default the global one. */
  readonly fetch?: typeof fetch;
}

/** An HTTP response as the model reads it. */
export interface HttpToolResult {
  readonly status: number;
  readonly content_type: string | null;
  readonly body: string;
  /** Present and true when the body was longer than the cap and was cut. */
  readonly truncated?: true;
}

const MAX_REDIRECTS = 5;

/**
 * Sends one HTTP request to an allowed host and reads at most `maxBodyBytes` of the answer. Redirects
 * are followed by hand (at most 5) so that each hop is checked against the allow-list: a redirect to
 * another host is refused like a request to it. Any status is a result; only a refused host, a network
 * failure, the timeout or the caller's signal reject.
 *
 * @example
 * const result = await fetchAllowed('https://api.github.com/zen', { allowedHosts: ['api.github.com'], method: 'GET', timeoutMs: 30_000, maxBodyBytes: 1 << 20, signal });
 */
export async function fetchAllowed(url: string, options: FetchAllowedOptions): Promise<HttpToolResult> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`the request timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const onAbort = (): void => controller.abort(options.signal.reason);
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    options.signal.throwIfAborted();
    let target = checkUrlAllowed(url, options.allowedHosts);
    let method = options.method.toUpperCase();
    let body = options.body;
    for (let hop = 0; ; hop += 1) {
      const response = await (options.fetch ?? fetch)(target, {
        method,
        redirect: 'manual',
        signal: controller.signal,
        ...(options.headers === undefined ? {} : { headers: options.headers }),
        ...(body === undefined ? {} : { body }),
      });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        target = checkUrlAllowed(new URL(location, target).href, options.allowedHosts);
        // 303, and 301/302 after a POST, turn into a GET without a body, as browsers do.
        if (
          response.status === 303 ||
          ((response.status === 301 || response.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const { text, truncated } = await readCapped(response, options.maxBodyBytes);
      return {
        status: response.status,
        content_type: response.headers.get('content-type'),
        body: text,
        ...(truncated ? { truncated: true } : {}),
      };
    }
  } catch (error) {
    if (options.signal.aborted) throw options.signal.reason;
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onAbort);
  }
}

async function readCapped(response: Response, cap: number): Promise<{ text: string; truncated: boolean }> {
  if (response.body === null) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = cap - size;
    if (value.length > room) {
      chunks.push(value.subarray(0, room));
      size = cap;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  return { text: new TextDecoder().decode(Buffer.concat(chunks)), truncated };
}
