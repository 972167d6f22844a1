import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { ParsedNode } from 'yaml';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readMapEntries } from './map-entries.ts';
import { openYamlFile } from './open-yaml-file.ts';
import { readNameList } from './read-scalar.ts';

/** A file of custom tools, opened with a context of its own, and the map of its tools. */
export interface ToolFile {
  readonly context: LoadContext;
  readonly tools: ParsedNode | null;
}

/**
 * Opens the files of `tools: { include: [tools/email.yaml] }`, paths relative to the including file.
 * A tools file is a map of tools, or a map with the single key `tools:` holding them (so the `tools:`
 * block of a workflow file can be moved out as is). Each file is read once (`seen` holds the absolute
 * paths read so far, which also stops cycles). Diagnostics of an opened file, and its text for code
 * frames, go to the including context.
 *
 * @example
 * for (const file of openToolFiles(context, includeEntry, seen)) readTools(file.context, file.tools);
 */
export function openToolFiles(context: LoadContext, entry: MapEntry, seen: Set<string>): ToolFile[] {
  const files: ToolFile[] = [];
  for (const item of readNameList(context, entry.value, '`tools.include`')) {
    const path = resolve(context.directory, item.value);
    if (seen.has(path)) continue;
    seen.add(path);
    let text: string;
    try {
      text = context.readTextFile(path);
    } catch (error) {
      const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : String(error);
      context.report(
        'error',
        'file_not_found',
        `cannot read tools file '${item.value}': ${reason}`,
        item.span,
        `the path is relative to ${context.directory}`,
      );
      continue;
    }
    const name = isAbsolute(context.file) ? path : normalize(join(dirname(context.file), item.value));
    const opened = openYamlFile(text, name, {
      directory: dirname(path),
      env: context.env,
      readTextFile: context.readTextFile,
    });
    // What the file's context reports goes to the includer, whose diagnostics the loader throws.
    context.diagnostics.push(...opened.context.diagnostics);
    context.sources.set(name, text);
    const child: LoadContext = {
      ...opened.context,
      diagnostics: context.diagnostics,
      sources: context.sources,
      report: (severity, code, message, span, hint) => context.report(severity, code, message, span, hint),
    };
    const contents = child.document.contents;
    if (opened.ok && contents !== null) files.push({ context: child, tools: toolsOf(child, contents) });
  }
  return files;
}

function toolsOf(context: LoadContext, contents: ParsedNode): ParsedNode | null {
  const entries = readMapEntries(context, contents, 'a tools file');
  if (entries === undefined) return null;
  const wrapper = entries.find((entry) => entry.key === 'tools');
  if (wrapper === undefined) return contents;
  for (const other of entries) {
    if (other === wrapper) continue;
    context.report(
      'error',
      'unknown_key',
      `unknown key '${other.key}' in a tools file`,
      other.keySpan,
      'a tools file holds tools only: either a map of tools, or `tools:` with the map under it',
    );
  }
  return wrapper.value;
}
