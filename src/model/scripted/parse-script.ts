import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InvalidScript, type ScriptIssue } from './invalid-script.ts';
import type { Script } from './script.ts';
import { scriptFileSchema } from './script-schema.ts';

/**
 * Parses and checks the text of a script file: JSON when the name ends in `.json`, YAML otherwise.
 * Keys may be snake_case (`tool_calls`, `finish_reason`, `cache_read`) or camelCase. A top-level list
 * is read as the `replies`. Throws {@link InvalidScript} naming the file, the entry, what is wrong and
 * the line and column.
 *
 * @example
 * const script = parseScript('replies:\n  - text: "Done."\nfallback: echo\n', 'done.yaml');
 */
export function parseScript(text: string, fileName: string): Script {
  const lineCounter = new LineCounter();
  const isJson = fileName.toLowerCase().endsWith('.json');
  let value: unknown;
  let document: Document.Parsed;
  if (isJson) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InvalidScript({
        fileName,
        issues: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }],
        cause: error,
      });
    }
    // JSON is YAML too; this second parse is only to find line and column of schema problems.
    document = parseDocument(text, { lineCounter });
  } else {
    document = parseDocument(text, { lineCounter, prettyErrors: false });
    if (document.errors.length > 0) {
      throw new InvalidScript({
        fileName,
        issues: document.errors.map((error) => ({
          path: '',
          message: `not valid YAML: ${error.message}`,
          ...lineAndColumn(lineCounter, error.pos[0]),
        })),
      });
    }
    value = document.toJS();
  }
  if (value === null || value === undefined) {
    throw new InvalidScript({
      fileName,
      issues: [{ path: '', message: 'the script is empty; expected `replies:` with a list of entries' }],
    });
  }
  const listOnly = Array.isArray(value);
  const result = scriptFileSchema.safeParse(listOnly ? { replies: value } : value);
  if (result.success) return result.data;
  throw new InvalidScript({
    fileName,
    issues: result.error.issues.map((issue) => toScriptIssue(issue, document, lineCounter, listOnly)),
  });
}

function toScriptIssue(
  issue: z.core.$ZodIssue,
  document: Document.Parsed,
  lineCounter: LineCounter,
  listOnly: boolean,
): ScriptIssue {
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  const entryIndex = path[0] === 'replies' && typeof path[1] === 'number' ? path[1] : undefined;
  const offset = offsetOf(document, listOnly ? path.slice(1) : path);
  return {
    path: formatPath(path),
    message: issue.message,
    ...(entryIndex === undefined ? {} : { entryIndex }),
    ...(offset === undefined ? {} : lineAndColumn(lineCounter, offset)),
  };
}

/** Where the deepest node of the path that exists in the file starts; for a map entry, its key. */
function offsetOf(document: Document.Parsed, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}

function lineAndColumn(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text;
}
