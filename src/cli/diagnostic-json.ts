import type { Diagnostic } from '../diagnostics/diagnostic.ts';

/** A diagnostic in `--json` output: what is wrong and where; no `hint` when Vega has none. */
export interface DiagnosticJson {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly hint?: string;
}

/**
 * The JSON form of a diagnostic (its file is the report's).
 *
 * @example
 * diagnosticJson(diagnostic); // { code: 'unknown_agent', message: "unknown agent 'Cder' …", line: 45, column: 9, hint: "did you mean 'Coder'?" }
 */
export function diagnosticJson(diagnostic: Diagnostic): DiagnosticJson {
  return {
    code: diagnostic.code,
    message: diagnostic.message,
    line: diagnostic.line,
    column: diagnostic.column,
    ...(diagnostic.hint === undefined ? {} : { hint: diagnostic.hint }),
  };
}
