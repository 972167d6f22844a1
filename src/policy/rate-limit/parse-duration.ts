const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  μs: 0.001,
  ns: 0.000_001,
};

// Longer units first, so `ms` is not read as `m` followed by garbage.
const PART = /(\d+(?:\.\d*)?|\.\d+)(ms|us|µs|μs|ns|h|m|s)/y;
const PLAIN_NUMBER = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * Milliseconds in a Go-style duration, as OpenAI sends in `x-ratelimit-reset-*`: `1s`, `6m0s`, `120ms`,
 * `1m30.5s`, `2h`, `0.5s`. A bare number is taken as seconds. `undefined` for anything else (empty,
 * negative, unknown unit, trailing garbage).
 *
 * @example
 * parseDuration('1m30.5s'); // 90500
 * parseDuration('soon'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (PLAIN_NUMBER.test(trimmed)) return Math.round(Number(trimmed) * 1e9) / 1e6;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < trimmed.length) {
    const match = PART.exec(trimmed);
    if (match === null) return undefined;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
  }
  // Rounded to the nanosecond, so `0.1s` is 100 and not 100.00000000000001.
  return Number.isFinite(total) ? Math.round(total * 1e6) / 1e6 : undefined;
}
