import { z } from 'zod';
import type { AnyTool } from '../agent/tool.ts';
import { tool } from '../agent/tool.ts';
import { fetchAllowed } from './fetch-allowed.ts';

/** Limits of `http_get` and `http_post`. */
export interface HttpToolOptions {
  /** Hosts the tools may reach, as written in `settings.allowed_hosts`. */
  readonly allowedHosts: readonly string[];
  /** Default 30 s. */
  readonly timeoutMs?: number;
  /** Bytes of a response body kept; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** The `fetch` to use; default the global one. */
  readonly fetch?: typeof fetch;
}

/** Default timeout of an HTTP request made by a tool. */
export const DEFAULT_HTTP_TIMEOUT_MS = 30_000;
/** Default cap of a response body read by a tool. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The built-in `http_get` and `http_post`, limited to allowed hosts (redirects included), with a
 * timeout and a capped body. A refused host is a `HostNotAllowed` the model reads with the allowed
 * hosts; any HTTP status is a result (`{ status, content_type, body }`).
 *
 * @example
 * const tools = httpTools({ allowedHosts: ['api.github.com'] });
 */
export function httpTools(options: HttpToolOptions): Record<'http_get' | 'http_post', AnyTool> {
  const allowed = options.allowedHosts;
  const hosts = allowed.length === 0 ? 'none' : allowed.join(', ');
  const limits = {
    allowedHosts: allowed,
    timeoutMs: options.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  };
  const headers = z.record(z.string(), z.string()).optional().describe('Request headers');
  return {
    http_get: tool({
      name: 'http_get',
      description: `Fetch a URL with GET. Allowed hosts: ${hosts}. Returns status, content_type and body.`,
      input: z.object({ url: z.string().describe('An absolute http(s) URL'), headers }),
      idempotent: true,
      execute: ({ url, headers }, { signal }) =>
        fetchAllowed(url, {
          ...limits,
          method: 'GET',
          signal,
          ...(headers === undefined ? {} : { headers }),
        }),
    }),
    http_post: tool({
      name: 'http_post',
      description: `Send a POST request. Allowed hosts: ${hosts}. A body that is not a string is sent as JSON. Returns status, content_type and body.`,
      input: z.object({
        url: z.string().describe('An absolute http(s) URL'),
        body: z.unknown().optional().describe('The request body: text, or any JSON value'),
        headers,
      }),
      idempotent: false,
      execute: ({ url, body, headers }, { signal }) => {
        const json = body !== undefined && typeof body !== 'string';
        const sent = {
          ...(json ? { 'content-type': 'application/json' } : {}),
          ...headers,
        };
        return fetchAllowed(url, {
          ...limits,
          method: 'POST',
          signal,
          headers: sent,
          ...(body === undefined ? {} : { body: json ? JSON.stringify(body) : (body as string) }),
        });
      },
    }),
  };
}
