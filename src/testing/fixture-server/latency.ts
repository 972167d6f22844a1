import type { RecordedRequest } from './recorded-request.ts';

/**
 * How long the server waits before answering each model request: uniform in `[minMs, maxMs]`, or decided
 * per request by a function.
 *
 * @example
 * await startFixtureServer({ latency: { minMs: 5, maxMs: 40 } });
 * server.setLatency((request) => (request.stream ? 30 : 0));
 */
export type Latency =
  | { readonly minMs: number; readonly maxMs: number }
  | ((request: RecordedRequest) => number);

/**
 * Checks a latency setting, throwing a `RangeError` for a range that is negative, not finite or upside down.
 *
 * @example
 * checkLatency({ minMs: 40, maxMs: 5 }); // throws
 */
export function checkLatency(latency: Latency | undefined): void {
  if (latency === undefined || typeof latency === 'function') return;
  const { minMs, maxMs } = latency;
  if (!(Number.isFinite(minMs) && Number.isFinite(maxMs) && minMs >= 0 && minMs <= maxMs)) {
    throw new RangeError(`A latency range needs 0 <= minMs <= maxMs, not ${minMs} and ${maxMs}.`);
  }
}

/**
 * The wait for one request, in milliseconds: a uniform draw from `random` for a range, the function's
 * answer otherwise (negative or not-a-number answers count as 0); 0 without latency.
 *
 * @example
 * latencyMs({ minMs: 10, maxMs: 30 }, request, () => 0.5); // 20
 */
export function latencyMs(
  latency: Latency | undefined,
  request: RecordedRequest,
  random: () => number,
): number {
  if (latency === undefined) return 0;
  const milliseconds =
    typeof latency === 'function'
      ? latency(request)
      : latency.minMs + random() * (latency.maxMs - latency.minMs);
  return Number.isFinite(milliseconds) && milliseconds > 0 ? milliseconds : 0;
}
