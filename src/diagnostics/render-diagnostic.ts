import type { Diagnostic } from './diagnostic.ts';

/** How {@link renderDiagnostic} prints. */
export interface RenderOptions {
  /** ANSI colours, for a terminal. */
  readonly color: boolean;
}

const TAB = '    ';
const styles = { bold: '1', red: '31', yellow: '33', blue: '34' } as const;

/**
 * Renders a diagnostic the way the workflow DSL spec shows errors: what is wrong, where, the line
 * before and the line itself with line numbers, and a `^^^^` marker under the span followed by the
 * hint.
 *
 * @example
 * renderDiagnostic(diagnostic, source, { color: false });
 * // error: unknown agent 'Cder' in workflow 'code-review'
 * //   --> team.vega.yaml:45:9
 * //    |
 * // 44 |     steps:
 * // 45 |       - Cder writes code:
 * //    |         ^^^^ did you mean 'Coder'?
 */
export function renderDiagnostic(
  diagnostic: Diagnostic,
  sourceText: string,
  options: RenderOptions = { color: false },
): string {
  const paint = (text: string, ...codes: string[]): string =>
    options.color && text !== '' ? `\x1b[${codes.join(';')}m${text}\x1b[0m` : text;
  const accent = diagnostic.severity === 'error' ? styles.red : styles.yellow;
  const lines = sourceText.split(/\r?\n/);
  const lineText = lines[diagnostic.line - 1] ?? '';
  const width = String(diagnostic.line).length;
  const pad = ' '.repeat(width);
  const gutter = (label: string): string => paint(`${label.padStart(width)} |`, styles.bold, styles.blue);
  const codeLine = (number: number, text: string): string =>
    `${gutter(String(number))}${text === '' ? '' : ` ${text.replaceAll('\t', TAB)}`}`;

  const output = [
    `${paint(diagnostic.severity, styles.bold, accent)}${paint(`: ${diagnostic.message}`, styles.bold)}`,
    `${pad}${paint('-->', styles.bold, styles.blue)} ${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`,
    gutter(''),
  ];
  if (diagnostic.line > 1) output.push(codeLine(diagnostic.line - 1, lines[diagnostic.line - 2] ?? ''));
  output.push(codeLine(diagnostic.line, lineText));

  const start = Math.max(0, diagnostic.column - 1);
  const indent = lineText.slice(0, start).replaceAll('\t', TAB).length + Math.max(0, start - lineText.length);
  const underlined = Math.max(1, Math.min(diagnostic.length, lineText.length - start));
  const marker = paint('^'.repeat(underlined), styles.bold, accent);
  const hint = diagnostic.hint === undefined ? '' : ` ${paint(diagnostic.hint, styles.bold)}`;
  output.push(`${gutter('')} ${' '.repeat(indent)}${marker}${hint}`);
  return output.join('\n');
}

/**
 * Renders several diagnostics, each against its own file's text, separated by blank lines.
 *
 * @example
 * console.error(renderDiagnostics(error.diagnostics, error.sources, { color: process.stderr.isTTY }));
 */
export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  options: RenderOptions = { color: false },
): string {
  return diagnostics
    .map((diagnostic) => renderDiagnostic(diagnostic, sources.get(diagnostic.file) ?? '', options))
    .join('\n\n');
}
