import { performance } from 'node:perf_hooks';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { DiagnosticError } from '../../src/diagnostics/diagnostic-error.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';

/** What one fuzz case did: loaded, or reported diagnostics; a violation names what went wrong. */
export interface LoadOutcome {
  readonly loaded: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly milliseconds: number;
  /** Set when the loader broke a promise: threw something else, or gave a diagnostic without a place. */
  readonly violation?: string;
}

/** The environment fuzzed files load with. */
export const FUZZ_ENV = { PROJECT: 'vega', SLACK_WEBHOOK: 'T000/B000' } as const;

/** Why a diagnostic's position is unusable, or undefined when it has file, line ≥ 1 and column ≥ 1. */
export function positionProblem(
  diagnostic: Diagnostic,
  lineCount: number,
  fileName: string,
): string | undefined {
  const { file, line, column } = diagnostic;
  if (typeof file !== 'string' || file.length === 0) return 'no file';
  if (!Number.isInteger(line) || line < 1) return `line ${line}`;
  if (!Number.isInteger(column) || column < 1) return `column ${column}`;
  // Positions in this file must be inside it (one past the last line is where "the file ends" is shown).
  if (file === fileName && line > lineCount + 1) return `line ${line} past the end (${lineCount} lines)`;
  if (typeof diagnostic.code !== 'string' || diagnostic.code.length === 0) return 'no code';
  if (typeof diagnostic.message !== 'string' || diagnostic.message.length === 0) return 'no message';
  return undefined;
}

/**
 * Loads a text the way `vega validate` does (`parseWorkflow`, which `loadWorkflowFile` calls after reading
 * the file) and checks the loader's promises: it returns a document or throws a `DiagnosticError`, and
 * every diagnostic, warnings included, has a place in a file.
 *
 * @example
 * const outcome = checkLoad(text, 'fuzz.vega.yaml', folder);
 * if (outcome.violation) throw new Error(outcome.violation);
 */
export function checkLoad(text: string, fileName: string, directory: string): LoadOutcome {
  const started = performance.now();
  let loaded = false;
  let diagnostics: readonly Diagnostic[] = [];
  try {
    const document = parseWorkflow(text, fileName, { env: FUZZ_ENV, directory });
    loaded = true;
    diagnostics = document.warnings;
  } catch (error) {
    const milliseconds = performance.now() - started;
    if (!DiagnosticError.isDiagnosticError(error)) {
      const described =
        error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error);
      return { loaded, diagnostics, milliseconds, violation: `threw ${described}` };
    }
    diagnostics = error.diagnostics;
    if (!diagnostics.some((diagnostic) => diagnostic.severity === 'error'))
      return { loaded, diagnostics, milliseconds, violation: 'failed without an error diagnostic' };
  }
  const milliseconds = performance.now() - started;
  const lineCount = text.split('\n').length;
  for (const diagnostic of diagnostics) {
    const problem = positionProblem(diagnostic, lineCount, fileName);
    if (problem !== undefined)
      return {
        loaded,
        diagnostics,
        milliseconds,
        violation: `${problem} in ${JSON.stringify(diagnostic)}`,
      };
  }
  return { loaded, diagnostics, milliseconds };
}

/** One broken promise, with what reproduces it. */
export interface FuzzFailure {
  readonly label: string;
  readonly violation: string;
  readonly text: string;
}

/** A short, readable failure line for the assertion message. */
export function describeFailure(failure: FuzzFailure): string {
  const text =
    failure.text.length > 1_500
      ? `${failure.text.slice(0, 1_500)}… (${failure.text.length} chars)`
      : failure.text;
  return `${failure.label}: ${failure.violation.slice(0, 800)}\n--- text ---\n${text}\n------------`;
}
