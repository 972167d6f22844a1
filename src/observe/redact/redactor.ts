import { isSecretKey, isSecretVariableName, SECRET_JSON_KEY_SOURCE } from './secret-names.ts';

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/**
 * Secret values shorter than this are not searched for in text: `PASSWORD=1234` would otherwise
 * blank every `1234` in every log line. Keys of real providers are 30 characters and more.
 */
export const MIN_SECRET_LENGTH = 8;
// Every key shape below is at least this long too (`cookie=x`), so shorter text is skipped unread.

/** Finds secrets and replaces them with {@link REDACTED}. */
export interface Redactor {
  /** The text with every secret replaced; the same string when there is none. */
  text(text: string): string;
  /**
   * A copy of a JSON-like value with every secret replaced — strings searched as text, values under
   * keys named like secrets (`api_key`, `authorization`, `password`) replaced whole, at any depth. The
   * same value (not a copy) when there is none.
   */
  value<Value>(value: Value): Value;
  /** Whether the text holds a secret. */
  test(text: string): boolean;
}

/** Options of {@link createRedactor}. */
export interface RedactorOptions {
  /** Every variable named like a secret (`*_API_KEY`, `*_TOKEN`, `*PASSWORD*`, …) gives a secret value. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** More secret values to find anywhere in text. */
  readonly secrets?: Iterable<string>;
}

/**
 * Key shapes found without being told: Anthropic and OpenAI keys, `Bearer` and `Basic` credentials,
 * authorization-like headers in text, `"api_key": "…"` in JSON text, passwords in URLs.
 */
const SHAPES = [
  // sk-ant-api03-…, sk-proj-…, sk-… (OpenAI, Anthropic, most OpenAI-compatible providers).
  String.raw`\bsk-[A-Za-z0-9_-]{12,}`,
  String.raw`\b(?:Bearer|Basic)[ \t]+[A-Za-z0-9._~+/=-]{8,}`,
  // A header as text: `authorization: …`, `x-api-key=…` up to the end of the line (`proxy-`, `x-`
  // and `set-` stay outside the match: scanning for them costs more than it finds).
  String.raw`(?<hp>(?:authorization|api-key|cookie)[ \t]*[:=][ \t]*)(?<hv>[^\s"'][^\r\n"']*)`,
  // JSON text: `"api_key": "…"`.
  String.raw`(?<jp>"${SECRET_JSON_KEY_SOURCE}"[ \t]*:[ \t]*")(?<jv>(?:[^"\\]|\\.)*)"`,
  // URL credentials: `postgres://user:password@host`.
  String.raw`(?<up>://[^\s/:@"']+:)(?<uv>[^\s/@"']+)@`,
];

/** `Bearer ` and `Basic ` stay, so a reader sees what kind of credential was there. */
const SCHEME = /^(?:bearer|basic)[ \t]+/i;

/**
 * A redactor for a command's environment: one precompiled pattern that matches the values of every
 * variable named like a secret (and their JSON-escaped forms), authorization headers, `"api_key"`
 * fields of JSON text and common key shapes (`sk-…`, `sk-ant-…`, `Bearer …`). Redacting is idempotent
 * and leaves text without secrets untouched (the same string, no copy).
 *
 * @example
 * const redactor = createRedactor({ env: process.env });
 * redactor.text('key sk-ant-api03-abcdefghijklmnop'); // 'key [REDACTED]'
 * redactor.value({ api_key: 'x', tokens: 12 }); // { api_key: '[REDACTED]', tokens: 12 }
 */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const values = new Set<string>();
  const add = (secret: string | undefined) => {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH || secret === REDACTED) return;
    values.add(secret);
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) values.add(escaped);
  };
  for (const [name, value] of Object.entries(options.env ?? {})) if (isSecretVariableName(name)) add(value);
  for (const secret of options.secrets ?? []) add(secret);
  // Longest first, so a secret that contains another is replaced whole.
  const literals = [...values].sort((a, b) => b.length - a.length).map(escapeRegExp);
  const source = [...literals, ...SHAPES].join('|');
  // Case-insensitive: `authorization` and `Authorization`, `bearer` and `Bearer` are the same secret.
  const pattern = new RegExp(source, 'gi');
  const probe = new RegExp(source, 'i');
  const replace = (match: string, ...rest: unknown[]): string => {
    const groups = rest.at(-1) as Record<string, string | undefined> | undefined;
    if (groups?.hp !== undefined) return `${groups.hp}${REDACTED}`;
    if (groups?.jp !== undefined) return `${groups.jp}${REDACTED}"`;
    if (groups?.up !== undefined) return `${groups.up}${REDACTED}@`;
    const scheme = SCHEME.exec(match);
    return scheme === null ? REDACTED : `${scheme[0]}${REDACTED}`;
  };
  const text = (input: string): string => {
    // Most text holds no secret: one scan, no copy. Nothing shorter than the shortest match can hold one.
    if (input.length < MIN_SECRET_LENGTH || !probe.test(input)) return input;
    return input.replace(pattern, replace);
  };
  const value = <Value>(input: Value): Value => redactTree(input, text, 0) as Value;
  return { text, value, test: (input) => probe.test(input) };
}

/** How deep {@link redactTree} walks before it switches to the walk that remembers what it has seen. */
const TREE_DEPTH = 32;

/**
 * The common case, fast: JSON-like data (events, checkpoints, recorded replies) is a tree, walked
 * without a map of visited objects and without copying entries. Deeper than {@link TREE_DEPTH} (a cycle,
 * or very deep data), the rest is handed to {@link redactValue}, which remembers what it has seen.
 */
function redactTree(value: unknown, text: (input: string) => string, depth: number): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > TREE_DEPTH) return redactValue(value, text, new Map());
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      const redacted = redactTree(item, text, depth + 1);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[index] = redacted;
      }
    }
    return copy ?? value;
  }
  if (value instanceof Error) return redactError(value, text, new Map());
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copy: Record<string, unknown> | undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const item = record[key];
    const redacted = isSecretKey(key) && isSecretValue(item) ? REDACTED : redactTree(item, text, depth + 1);
    if (redacted !== item) {
      copy ??= { ...record };
      copy[key] = redacted;
    }
  }
  return copy ?? value;
}

function redactValue(value: unknown, text: (input: string) => string, seen: Map<object, unknown>): unknown {
  if (typeof value === 'string') return text(value);
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    seen.set(value, value);
    for (let index = 0; index < value.length; index += 1) {
      const item = value[index];
      const redacted = redactValue(item, text, seen);
      if (redacted !== item) {
        copy ??= value.slice();
        copy[index] = redacted;
      }
    }
    if (copy !== undefined) seen.set(value, copy);
    return copy ?? value;
  }
  if (value instanceof Error) return redactError(value, text, seen);
  const prototype = Object.getPrototypeOf(value);
  // Class instances other than errors (a Date, a Map, a Uint8Array) are kept as they are.
  if (prototype !== Object.prototype && prototype !== null) return value;
  let copy: Record<string, unknown> | undefined;
  seen.set(value, value);
  for (const [key, item] of Object.entries(value)) {
    const redacted = isSecretKey(key) && isSecretValue(item) ? REDACTED : redactValue(item, text, seen);
    if (redacted !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = redacted;
    }
  }
  if (copy !== undefined) seen.set(value, copy);
  return copy ?? value;
}

/** Numbers and booleans under a secret-like key (`token: 3`) are not secrets; anything else is. */
function isSecretValue(value: unknown): boolean {
  return value !== null && value !== undefined && typeof value !== 'number' && typeof value !== 'boolean';
}

function redactError(error: Error, text: (input: string) => string, seen: Map<object, unknown>): Error {
  const message = text(error.message);
  const stack = error.stack === undefined ? undefined : text(error.stack);
  const fields: [string, unknown][] = [];
  for (const [key, item] of Object.entries(error)) {
    const redacted = isSecretKey(key) && isSecretValue(item) ? REDACTED : redactValue(item, text, seen);
    if (redacted !== item) fields.push([key, redacted]);
  }
  const cause = error.cause === undefined ? undefined : redactValue(error.cause, text, seen);
  if (message === error.message && stack === error.stack && fields.length === 0 && cause === error.cause)
    return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.assign(copy, error, Object.fromEntries(fields));
  Object.defineProperty(copy, 'message', { value: message, writable: true, configurable: true });
  Object.defineProperty(copy, 'stack', { value: stack, writable: true, configurable: true });
  if (error.cause !== undefined)
    Object.defineProperty(copy, 'cause', { value: cause, writable: true, configurable: true });
  if (error.name !== copy.name)
    Object.defineProperty(copy, 'name', { value: error.name, writable: true, configurable: true });
  return copy;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
