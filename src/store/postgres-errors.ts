import { isUntranslatableCharacter } from './database-errors.ts';
import { StoreError } from './store-error.ts';

const connectionHints: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'is the server running and listening on that host and port?',
  ENOTFOUND: 'is the host name right?',
  EAI_AGAIN: 'is the host name right, and is DNS reachable?',
  ETIMEDOUT: 'is the host reachable (firewall, VPN)?',
  ECONNRESET: 'does the server accept connections from here (pg_hba.conf, SSL)?',
  '28P01': 'the password was refused; check the user and password in the URL.',
  '28000': 'the server refused this user (pg_hba.conf); check the user in the URL.',
  '3D000': 'the database does not exist; create it with `createdb`, or fix its name in the URL.',
  '57P03': 'the server is starting up or shutting down; try again shortly.',
};

function errorCode(error: unknown): string | undefined {
  const fields = error as { code?: unknown; errors?: readonly { code?: unknown }[] } | null;
  const code = fields?.code ?? fields?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The error for a PostgreSQL server that cannot be reached or refuses the connection, with the URL
 * (password removed), the driver's code and what to check.
 *
 * @example
 * throw postgresUnavailable('postgres://vega@127.0.0.1:5432/vega', error);
 */
export function postgresUnavailable(location: string, error: unknown): StoreError {
  const code = errorCode(error) ?? 'unknown error';
  const reason = connectionHints[code] ?? `${(error as Error).message || 'no details'}.`;
  return new StoreError(
    'store_unavailable',
    `Cannot connect to PostgreSQL at ${location} (${code}): ${reason}`,
    {
      location,
      cause: error,
      hint: 'Set the store URL with --store or VEGA_STORE, or leave it out to use SQLite in .vega/vega.db.',
    },
  );
}

/** Whether a driver error means the connection itself failed (rather than the statement). */
export function isConnectionError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && (code in connectionHints || code.startsWith('08'));
}

/**
 * Turns the PostgreSQL errors a caller can act on into store errors: a character text cannot hold, a
 * connection that failed. Others pass through unchanged.
 */
export function mapPostgresError(location: string, error: unknown): unknown {
  if (StoreError.isStoreError(error)) return error;
  if (isUntranslatableCharacter(error)) {
    return new StoreError(
      'store_invalid_value',
      `PostgreSQL cannot keep this value: ${(error as Error).message}`,
      {
        location,
        cause: error,
        hint: 'PostgreSQL text and jsonb cannot hold the NUL character (\\u0000); remove it or encode the data.',
      },
    );
  }
  if (isConnectionError(error)) return postgresUnavailable(location, error);
  return error;
}
