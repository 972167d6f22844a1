import type { Document, LineCounter } from 'yaml';
import type { Diagnostic, DiagnosticSeverity } from '../../diagnostics/diagnostic.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';

/** Environment variables for `${VAR}` substitution; `process.env` fits. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Reads a text file synchronously; the loader's only access to other files (`system_file`). */
export type ReadTextFile = (path: string) => string;

/**
 * What every part of the loader shares while reading one file: the file, its parsed YAML, the
 * environment, and the list diagnostics are collected into (the loader never stops at the first).
 */
export interface LoadContext {
  readonly file: string;
  readonly source: string;
  readonly directory: string;
  readonly env: Environment;
  readonly readTextFile: ReadTextFile;
  readonly document: Document.Parsed;
  readonly diagnostics: Diagnostic[];
  /**
   * The text of every file a diagnostic may point into, by the name diagnostics use: this file, and any
   * other read while loading it (skill files), so errors there render with their own code frames.
   */
  readonly sources: Map<string, string>;
  spanAt(offset: number, length: number): SourceSpan;
  /** The span of a parsed YAML node (its value, without trailing comments). */
  spanOf(node: { readonly range?: readonly [number, number, number] | null | undefined } | null): SourceSpan;
  report(severity: DiagnosticSeverity, code: string, message: string, span: SourceSpan, hint?: string): void;
}

/**
 * Builds the {@link LoadContext} of one file.
 *
 * @example
 * const context = createLoadContext({ file, source, directory, env, readTextFile, document, lineCounter });
 */
export function createLoadContext(fields: {
  file: string;
  source: string;
  directory: string;
  env: Environment;
  readTextFile: ReadTextFile;
  document: Document.Parsed;
  lineCounter: LineCounter;
}): LoadContext {
  const diagnostics: Diagnostic[] = [];
  const spanAt = (offset: number, length: number): SourceSpan => {
    const position = fields.lineCounter.linePos(Math.max(0, Math.min(offset, fields.source.length)));
    return { file: fields.file, line: position.line, column: position.col, length: Math.max(0, length) };
  };
  return {
    file: fields.file,
    source: fields.source,
    directory: fields.directory,
    env: fields.env,
    readTextFile: fields.readTextFile,
    document: fields.document,
    diagnostics,
    sources: new Map([[fields.file, fields.source]]),
    spanAt,
    spanOf(node) {
      const range = node?.range;
      if (range === undefined || range === null) return spanAt(0, 0);
      return spanAt(range[0], range[1] - range[0]);
    },
    report(severity, code, message, span, hint) {
      diagnostics.push({ severity, code, message, ...span, ...(hint === undefined ? {} : { hint }) });
    },
  };
}
