const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When something happened, relative to `now` for the last week (`just now`, `12 s ago`, `5 min ago`,
 * `3 h ago`, `2 d ago`), else (or when it is in the future) as an ISO date and time in UTC.
 *
 * @example
 * formatWhen(run.createdAt, Date.now()); // '5 min ago'
 */
export function formatWhen(at: number, now: number): string {
  const ago = now - at;
  if (ago < 0 || ago >= 7 * DAY) return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')}Z`;
  if (ago < 5000) return 'just now';
  if (ago < MINUTE) return `${Math.floor(ago / 1000)} s ago`;
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  return `${Math.floor(ago / DAY)} d ago`;
}
