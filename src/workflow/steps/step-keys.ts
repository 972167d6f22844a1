/** Keys that make a step a control step (`- set: …`, `- if: …`, `- for: …`). */
export const CONTROL_KEYWORDS: readonly string[] = [
  'set',
  'if',
  'for',
  'repeat',
  'parallel',
  'workflow',
  'try',
  'return',
  'remember',
  'recall',
];

/** Keys that modify a step (`save`, `id`, `timeout`, …), written beside the agent or in its map. */
export const STEP_MODIFIERS: readonly string[] = [
  'send',
  'save',
  'id',
  'timeout',
  'on_timeout',
  'budget',
  'retry',
  'rate_limit',
  'circuit_breaker',
  'fallback_models',
  'if',
  'continue_on_error',
  'format',
  'schema',
  'fresh',
  'compensate',
];

/** The keys an agent step accepts besides its agent; the other modifiers are not supported yet. */
export const AGENT_STEP_KEYS: readonly string[] = [
  'send',
  'save',
  'id',
  'continue_on_error',
  'timeout',
  'budget',
  'retry',
  'rate_limit',
  'circuit_breaker',
  'fallback_models',
  'on_timeout',
  'format',
  'schema',
  'fresh',
  'if',
];

/** Keys that belong to control steps (`then`, `steps`, `catch`, …). */
export const CONTROL_KEYS: readonly string[] = [
  'then',
  'else',
  'steps',
  'concurrency',
  'until',
  'max',
  'with',
  'catch',
  'finally',
  'fail_fast',
];

const RESERVED = new Set([...CONTROL_KEYWORDS, ...STEP_MODIFIERS, ...CONTROL_KEYS]);

/**
 * Whether a step key is a reserved word rather than an agent (`for item in items` counts as `for`).
 *
 * @example
 * isReservedStepKey('save'); // true
 * isReservedStepKey('Coder writes the code'); // false
 */
export function isReservedStepKey(key: string): boolean {
  return RESERVED.has(key) || /^for\s/.test(key);
}

/**
 * The reserved word a key stands for: itself, or `for` for `for item in items`.
 *
 * @example
 * reservedWordOf('for item in items'); // 'for'
 */
export function reservedWordOf(key: string): string {
  return /^for\s/.test(key) ? 'for' : key;
}

/** Every reserved step word, for "did you mean" over misspelt keys. */
export const RESERVED_STEP_KEYS: readonly string[] = [...RESERVED];
