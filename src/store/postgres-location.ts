/**
 * A PostgreSQL URL fit to show: `postgres://user@host:port/database`, without the password or query
 * parameters (which may hold one too).
 *
 * @example
 * postgresLocation('postgres://app:secret@db:5432/vega?sslmode=require'); // 'postgres://app@db:5432/vega'
 */
export function postgresLocation(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'postgres://(unparsable URL)';
  }
  const user = parsed.username === '' ? '' : `${parsed.username}@`;
  const port = parsed.port === '' ? '5432' : parsed.port;
  return `${parsed.protocol}//${user}${parsed.hostname}:${port}${parsed.pathname}`;
}
