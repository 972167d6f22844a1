/**
 * A duration the way OpenAI writes `x-ratelimit-reset-*` headers (Go's duration format), to the
 * millisecond, rounded up: under a second in milliseconds, otherwise hours, minutes and seconds with the
 * smaller units always present once a larger one is.
 *
 * @example
 * formatOpenAIDuration(120); // '120ms'
 * formatOpenAIDuration(1_000); // '1s'
 * formatOpenAIDuration(90_500); // '1m30.5s'
 * formatOpenAIDuration(360_000); // '6m0s'
 * formatOpenAIDuration(0); // '0s'
 */
export function formatOpenAIDuration(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds));
  if (total === 0) return '0s';
  if (total < 1_000) return `${total}ms`;
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = `${(total % 60_000) / 1_000}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}
