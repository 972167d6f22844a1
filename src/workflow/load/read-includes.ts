import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import { type DocumentDraft, documentKeys } from './document-keys.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { openYamlFile } from './open-yaml-file.ts';
import { readNameList } from './read-scalar.ts';

/** A file read for `include:`: its context (diagnostics name it) and its top-level keys. */
export interface IncludedFile {
  readonly context: LoadContext;
  readonly draft: DocumentDraft;
  readonly contents: ParsedNode;
}

/**
 * Reads the files a file includes (`include: [agents.vega.yaml]`), paths relative to the including
 * file, and the files they include, depth first; each is parsed with a context of its own, so every
 * diagnostic in it names it. A file reached twice is read once; a file that includes itself, directly
 * or not, is an error at the `include` item that closes the cycle, naming the whole cycle. An included
 * file's `settings` are not used (the main file's apply to everything): a warning says so.
 * Returns the included files and every context opened (those of files with YAML errors too).
 *
 * @example
 * const { files, contexts } = readIncludes(context, draft, absolutePathOfTheFile);
 */
export function readIncludes(
  root: LoadContext,
  rootDraft: DocumentDraft,
  rootPath: string,
): { files: IncludedFile[]; contexts: LoadContext[] } {
  const files: IncludedFile[] = [];
  const contexts: LoadContext[] = [];
  const seen = new Set<string>([rootPath]);
  const visit = (context: LoadContext, draft: DocumentDraft, chain: readonly string[]): void => {
    if (draft.include === undefined) return;
    for (const item of readNameList(context, draft.include.value, '`include`')) {
      const path = resolve(context.directory, item.value);
      if (chain.includes(path)) {
        const names = [...chain.slice(chain.indexOf(path)), path].map((file) =>
          displayOf(root, rootPath, file),
        );
        context.report(
          'error',
          'include_cycle',
          `files include each other in a cycle: ${names.join(' → ')}`,
          item.span,
          'remove this include; a file cannot include itself, directly or through others',
        );
        continue;
      }
      if (seen.has(path)) continue;
      seen.add(path);
      const included = openIncluded(context, item.span, item.value, path, root, rootPath);
      if (included === undefined) continue;
      contexts.push(included.context);
      if (included.file === undefined) continue;
      files.push(included.file);
      visit(included.file.context, included.file.draft, [...chain, path]);
    }
  };
  visit(root, rootDraft, [rootPath]);
  return { files, contexts };
}

function openIncluded(
  includer: LoadContext,
  span: SourceSpan,
  written: string,
  path: string,
  root: LoadContext,
  rootPath: string,
): { context: LoadContext; file?: IncludedFile } | undefined {
  let text: string;
  try {
    text = includer.readTextFile(path);
  } catch (error) {
    const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : String(error);
    includer.report(
      'error',
      'file_not_found',
      `cannot read included file '${written}': ${reason}`,
      span,
      `the path is relative to ${includer.directory}`,
    );
    return undefined;
  }
  const { context, ok } = openYamlFile(text, displayOf(root, rootPath, path), {
    directory: dirname(path),
    env: includer.env,
    readTextFile: includer.readTextFile,
  });
  const contents = context.document.contents;
  if (!ok || contents === null) return { context };
  const entries = readMapEntries(context, contents, 'an included file');
  if (entries === undefined) return { context };
  const draft: DocumentDraft = {};
  applyKeyTable(context, entries, documentKeys, draft, 'an included file');
  if (draft.settings !== undefined) {
    context.report(
      'warning',
      'ignored_settings',
      `the settings of an included file are not used`,
      draft.settings.keySpan,
      `the settings of ${root.file} apply to everything it includes; move these there`,
    );
  }
  if (draft.tools !== undefined) {
    // Custom tools are read by the main file's `tools:` reader; merging included ones is not wired yet.
    context.report(
      'error',
      'unsupported',
      '`tools` in an included file is not supported yet by this version of Vega',
      draft.tools.keySpan,
      `declare custom tools in ${root.file}`,
    );
  }
  return { context, file: { context, draft, contents } };
}

/** How diagnostics name an included file: beside the main file, as the main file was named. */
function displayOf(root: LoadContext, rootPath: string, path: string): string {
  if (path === rootPath) return root.file;
  if (isAbsolute(root.file)) return path;
  const relativeToRoot = path.startsWith(`${dirname(rootPath)}/`)
    ? path.slice(dirname(rootPath).length + 1)
    : undefined;
  return relativeToRoot === undefined ? path : normalize(join(dirname(root.file), relativeToRoot));
}
