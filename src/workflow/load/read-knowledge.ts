import { resolve } from 'node:path';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readNameList } from './read-scalar.ts';

/** One `knowledge:` file: as written, its absolute path and its text. */
export interface KnowledgeFile {
  readonly written: string;
  readonly path: string;
  readonly text: string;
}

/**
 * Reads `knowledge: [files]`: each path relative to the file that declares the agent, read now. A
 * file that cannot be read is an error at its item in the list.
 *
 * @example
 * const files = readKnowledge(context, entry, "`knowledge` of agent 'Coder'");
 */
export function readKnowledge(context: LoadContext, entry: MapEntry, label: string): KnowledgeFile[] {
  const files: KnowledgeFile[] = [];
  for (const item of readNameList(context, entry.value, label)) {
    const path = resolve(context.directory, item.value);
    try {
      files.push({ written: item.value, path, text: context.readTextFile(path) });
    } catch (error) {
      const reason = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : String(error);
      context.report(
        'error',
        'file_not_found',
        `cannot read knowledge file '${item.value}': ${reason}`,
        item.span,
        `the path is relative to ${context.directory}`,
      );
    }
  }
  return files;
}

/**
 * The system prompt with the knowledge files after it, each under a header naming it.
 *
 * @example
 * withKnowledge('You write code.', files); // 'You write code.\n\n## Knowledge: style.md\n\n…'
 */
export function withKnowledge(system: string, files: readonly KnowledgeFile[]): string {
  if (files.length === 0) return system;
  const parts = files.map((file) => `## Knowledge: ${file.written}\n\n${file.text.trimEnd()}`);
  return [system.trimEnd(), ...parts].filter((part) => part !== '').join('\n\n');
}
