import { VegaError } from '../errors/vega-error.ts';
import { type Diagnostic, sortDiagnostics } from './diagnostic.ts';
import { type RenderOptions, renderDiagnostic, renderDiagnostics } from './render-diagnostic.ts';

const marker = Symbol.for('vega.diagnostic-error');

/**
 * A Vega error about a source file: it carries every diagnostic found (errors and warnings, ordered by
 * position) and the text of the files they point into, so a front door can print them with code
 * frames. Its message is the first error rendered without colour.
 *
 * @example
 * if (DiagnosticError.isDiagnosticError(error)) {
 *   console.error(error.render({ color: process.stderr.isTTY === true }));
 *   process.exitCode = 2;
 * }
 */
export class DiagnosticError extends VegaError {
  readonly [marker] = true;
  readonly diagnostics: readonly Diagnostic[];
  /** File name (as in each diagnostic's `file`) → that file's text. */
  readonly sources: ReadonlyMap<string, string>;

  constructor(
    code: string,
    diagnostics: readonly Diagnostic[],
    sources: ReadonlyMap<string, string>,
    options: { cause?: unknown } = {},
  ) {
    const ordered = sortDiagnostics(diagnostics);
    const first = ordered.find((diagnostic) => diagnostic.severity === 'error') ?? ordered[0];
    const message =
      first === undefined ? code : renderDiagnostic(first, sources.get(first.file) ?? '', { color: false });
    super(code, message, {
      cause: options.cause,
      ...(first?.hint === undefined ? {} : { hint: first.hint }),
    });
    this.name = 'DiagnosticError';
    this.diagnostics = ordered;
    this.sources = sources;
  }

  /** The errors only, without the warnings. */
  get errors(): readonly Diagnostic[] {
    return this.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  }

  /** Every diagnostic with its code frame, separated by blank lines. */
  render(options: RenderOptions = { color: false }): string {
    return renderDiagnostics(this.diagnostics, this.sources, options);
  }

  static isDiagnosticError(error: unknown): error is DiagnosticError {
    return VegaError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}
