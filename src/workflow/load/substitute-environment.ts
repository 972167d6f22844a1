import type { Environment } from './load-context.ts';

const REFERENCE = /\$\$\{|\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}/g;

/** A `${NAME}` without a default whose variable is not set, at `offset` in the text. */
export interface MissingVariable {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Replaces `${NAME}` and `${NAME:-default}` from the environment (the default also applies when the
 * variable is empty, as in the shell). `$${` writes a literal `${`. Text that does not have the shape
 * of a reference (`${not a name}`) is left alone. A missing variable without a default becomes empty
 * and is returned in `missing`.
 *
 * @example
 * substituteEnvironment('${HOST:-localhost}:${PORT}', { PORT: '80' }); // { text: 'localhost:80', missing: [] }
 */
export function substituteEnvironment(
  text: string,
  env: Environment,
): { text: string; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const replaced = text.replace(
    REFERENCE,
    (match, name: string | undefined, fallback: string | undefined, offset: number) => {
      if (name === undefined) return '${';
      const value = Object.hasOwn(env, name) ? env[name] : undefined;
      if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
      if (value === undefined) missing.push({ name, offset, length: match.length });
      return value ?? '';
    },
  );
  return { text: replaced, missing };
}
