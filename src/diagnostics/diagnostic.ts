import type { SourceSpan } from './source-span.ts';

/** Whether a diagnostic stops the file from loading (`error`) or only informs (`warning`). */
export type DiagnosticSeverity = 'error' | 'warning';

/**
 * One problem found in a source file, at a position, with a stable `code` and, when Vega knows, a
 * `hint` saying how to fix it. Codes used today: `yaml_syntax`, `unknown_key`, `unknown_agent`,
 * `unknown_tool`, `undefined_variable`, `missing_key`, `invalid_type`, `invalid_value`, `invalid_name`,
 * `conflicting_keys`, `unsupported`, `file_not_found`, `invalid_expression`, `unused_agent`,
 * `unused_variable`, and at run time `missing_input`, `invalid_input`, `unknown_input`,
 * `workflow_required`, `unknown_workflow`, `no_workflows`.
 *
 * @example
 * const diagnostic: Diagnostic = {
 *   severity: 'error', code: 'unknown_agent', message: "unknown agent 'Cder' in workflow 'code-review'",
 *   file: 'team.vega.yaml', line: 45, column: 9, length: 4, hint: "did you mean 'Coder'?",
 * };
 */
export interface Diagnostic extends SourceSpan {
  readonly severity: DiagnosticSeverity;
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/**
 * Orders diagnostics by file, then line, then column, keeping discovery order for ties.
 *
 * @example
 * const ordered = sortDiagnostics(diagnostics);
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file === b.file ? 0 : a.file < b.file ? -1 : 1) || a.line - b.line || a.column - b.column,
  );
}

/**
 * A diagnostic at a span.
 *
 * @example
 * diagnosticAt(input.span, 'missing_input', "missing required input 'task'", 'pass it with --task value');
 */
export function diagnosticAt(
  span: SourceSpan,
  code: string,
  message: string,
  hint?: string,
  severity: DiagnosticSeverity = 'error',
): Diagnostic {
  return { severity, code, message, ...span, ...(hint === undefined ? {} : { hint }) };
}
