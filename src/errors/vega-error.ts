const marker = Symbol.for('vega.error');

/**
 * The base of every error Vega throws on purpose. `code` is stable across versions and safe to switch
 * on; `hint` says how to fix the problem when Vega knows. Identity survives duplicated module copies
 * through a `Symbol.for` marker, so use {@link VegaError.isInstance} rather than `instanceof`.
 *
 * @example
 * try { await agent.run('hi'); } catch (error) {
 *   if (VegaError.isInstance(error) && error.code === 'max_turns_exceeded') { ... }
 * }
 */
export class VegaError extends Error {
  readonly [marker] = true;
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VegaError';
    this.code = code;
    this.hint = options.hint;
  }

  static isInstance(error: unknown): error is VegaError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}
