import { DiagnosticError } from '../diagnostics/diagnostic-error.ts';
import { ModelCallError } from '../errors/model-call-error.ts';
import { VegaError } from '../errors/vega-error.ts';
import { compensationErrorsOf } from '../workflow/run/compensation-stack.ts';

/** Error codes that mean the input (file, command line, configuration) is wrong: exit code 2. */
const INVALID_INPUT_CODES: ReadonlySet<string> = new Set([
  'invalid_command_line',
  'file_not_found',
  'missing_api_key',
  'missing_base_url',
  'invalid_base_url',
  'unknown_model',
  'no_model',
  'invalid_script',
]);

/**
 * Diagnostic codes raised while a workflow runs (a template reading an undefined name, a `for` over a
 * number, recursion past `settings.max_depth`): the file loaded and validated, the run failed — exit
 * code 1, with the code frame all the same. Every other diagnostic is about the file or the command
 * line (exit code 2).
 */
const RUN_TIME_DIAGNOSTIC_CODES: ReadonlySet<string> = new Set([
  'undefined_variable',
  'invalid_path',
  'invalid_operation',
  'unknown_filter',
  'max_depth_exceeded',
]);

/** What to print for an error and which exit code to end with. */
export interface ErrorReport {
  readonly text: string;
  readonly exitCode: number;
}

/**
 * Turns any error into a message for a person: what went wrong, where, and how to fix it. Exit code 2
 * for a bad file, command line or configuration; 1 when the run itself failed; 130 when interrupted.
 * A stack trace only with `verbose`.
 *
 * @example
 * const { text, exitCode } = reportError(error, { verbose: false, color: true });
 */
export function reportError(error: unknown, options: { verbose: boolean; color: boolean }): ErrorReport {
  const report = describeError(error, options);
  // A failure whose compensations did not all succeed says which did not: that work may not be undone.
  const problems = compensationErrorsOf(error).map(
    (problem) => `\n  a compensation failed too (step '${problem.step}'): ${problem.message}`,
  );
  return problems.length === 0 ? report : { ...report, text: `${report.text}${problems.join('')}` };
}

function describeError(error: unknown, options: { verbose: boolean; color: boolean }): ErrorReport {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const label = paint('1;31', 'error');
  const details =
    options.verbose && error instanceof Error && error.stack !== undefined ? `\n\n${stackOf(error)}` : '';
  if (DiagnosticError.isDiagnosticError(error)) {
    return {
      text: `${error.render({ color: options.color })}${details}`,
      exitCode: RUN_TIME_DIAGNOSTIC_CODES.has(error.code) ? 1 : 2,
    };
  }
  if (error instanceof Error && error.name === 'AbortError')
    return { text: `${label}: interrupted`, exitCode: 130 };
  if (ModelCallError.isModelCallError(error)) {
    const facts = [
      error.status === undefined ? undefined : `status ${error.status}`,
      `kind ${error.kind}${error.retryable ? ' (retryable)' : ''}`,
      error.url === undefined ? undefined : `url ${error.url}`,
    ].filter((fact) => fact !== undefined);
    const hint = error.hint === undefined ? '' : `\n  ${paint('1;36', 'hint')}: ${error.hint}`;
    return {
      text: `${label}: the model call failed: ${error.message}\n  ${facts.join(' · ')}${hint}${details}`,
      exitCode: 1,
    };
  }
  if (VegaError.isInstance(error)) {
    const hint = error.hint === undefined ? '' : `\n  ${paint('1;36', 'hint')}: ${error.hint}`;
    return {
      text: `${label}: ${error.message}${hint}${details}`,
      exitCode: INVALID_INPUT_CODES.has(error.code) ? 2 : 1,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const more = options.verbose ? details : '\n  run again with --verbose to see the stack trace';
  return { text: `${label}: unexpected failure: ${message}${more}`, exitCode: 1 };
}

function stackOf(error: Error): string {
  let text = error.stack ?? String(error);
  let cause = error.cause;
  while (cause instanceof Error) {
    text += `\ncaused by: ${cause.stack ?? cause.message}`;
    cause = cause.cause;
  }
  return text;
}
