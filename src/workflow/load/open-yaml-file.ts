import { LineCounter, parseDocument } from 'yaml';
import { checkAliasExpansion } from './check-alias-expansion.ts';
import { createLoadContext, type Environment, type LoadContext, type ReadTextFile } from './load-context.ts';

/**
 * Parses a file's YAML into a {@link LoadContext} of its own, reporting YAML syntax errors and warnings
 * at their places in that file. `ok` is false when the YAML has errors, or aliases that would expand without bound: the file is
 * then not read on.
 *
 * @example
 * const { context, ok } = openYamlFile(text, 'team.vega.yaml', { directory, env, readTextFile });
 */
export function openYamlFile(
  text: string,
  fileName: string,
  options: { readonly directory: string; readonly env: Environment; readonly readTextFile: ReadTextFile },
): { context: LoadContext; ok: boolean } {
  const lineCounter = new LineCounter();
  const yamlDocument = parseDocument(text, { lineCounter, prettyErrors: false });
  const context = createLoadContext({
    file: fileName,
    source: text,
    directory: options.directory,
    env: options.env,
    readTextFile: options.readTextFile,
    document: yamlDocument,
    lineCounter,
  });
  const reported = new Set<number>();
  for (const error of yamlDocument.errors) {
    // yaml often reports one mistake several ways at the same place; the first says it best.
    if (reported.has(error.pos[0])) continue;
    reported.add(error.pos[0]);
    const opening = unclosedQuoteOffset(error, text);
    if (opening !== undefined) {
      context.report(
        'error',
        'yaml_syntax',
        'invalid YAML: this quoted string is never closed',
        context.spanAt(opening, 1),
        `add the closing ${text[opening]} (YAML read on to the end of the file looking for it)`,
      );
      continue;
    }
    const message = error.message.charAt(0).toLowerCase() + error.message.slice(1);
    context.report(
      'error',
      'yaml_syntax',
      `invalid YAML: ${message}`,
      context.spanAt(error.pos[0], error.pos[1] - error.pos[0]),
    );
  }
  for (const warning of yamlDocument.warnings) {
    context.report(
      'warning',
      'yaml_warning',
      warning.message,
      context.spanAt(warning.pos[0], warning.pos[1] - warning.pos[0]),
    );
  }
  // Aliases are checked before anything is read: an alias bomb would otherwise expand while reading.
  return { context, ok: yamlDocument.errors.length === 0 && checkAliasExpansion(context) };
}

/**
 * yaml reports an unclosed quoted string where the file ends; the mistake is at the opening quote, which
 * is the last quote of that kind before the end.
 */
function unclosedQuoteOffset(error: { code: string; message: string; pos: [number, number] }, text: string) {
  if (error.code !== 'MISSING_CHAR') return undefined;
  const quote = error.message.includes('"quote') ? '"' : error.message.includes("'quote") ? "'" : undefined;
  if (quote === undefined) return undefined;
  const offset = text.lastIndexOf(quote, error.pos[0] - 1);
  return offset === -1 ? undefined : offset;
}
