import { appendFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { AnyTool } from '../agent/tool.ts';
import { tool } from '../agent/tool.ts';
import { atomicWriteFile } from './atomic-write-file.ts';
import { Sandbox } from './sandbox.ts';

/** Largest file `read_file` returns whole; larger files are refused with a clear message. */
const MAX_READ_BYTES = 1024 * 1024;
/** Most entries `list_files` returns. */
const MAX_LIST_ENTRIES = 1000;

/**
 * The built-in file tools, confined to `sandboxRoot`: `read_file`, `write_file`, `append_file` and
 * `list_files`.
 *
 * @example
 * const agent = defineAgent({ name: 'editor', model, tools: Object.values(fileTools('./workspace')) });
 */
export function fileTools(sandboxRoot: string): Record<FileToolName, AnyTool> {
  const sandbox = new Sandbox(sandboxRoot);
  let appends: Promise<unknown> = Promise.resolve();
  return {
    read_file: tool({
      name: 'read_file',
      description: 'Read a UTF-8 text file from the workspace. Paths are relative to the workspace folder.',
      input: z.object({ path: z.string().describe('File path relative to the workspace') }),
      idempotent: true,
      async execute({ path }, { signal }) {
        const file = await sandbox.resolve(path);
        const info = await stat(file);
        if (!info.isFile()) throw new Error(`'${path}' is not a file`);
        if (info.size > MAX_READ_BYTES)
          throw new Error(`'${path}' is ${info.size} bytes; the limit is ${MAX_READ_BYTES}`);
        return readFile(file, { encoding: 'utf8', signal });
      },
    }),
    write_file: tool({
      name: 'write_file',
      description:
        'Write a UTF-8 text file in the workspace, creating folders as needed and replacing an existing file.',
      input: z.object({
        path: z.string().describe('File path relative to the workspace'),
        content: z.string().describe('The whole new content of the file'),
      }),
      idempotent: true,
      async execute({ path, content }, { signal }) {
        const file = await sandbox.resolve(path);
        await mkdir(dirname(file), { recursive: true });
        // Idempotent for real: a call redone after a crash finds the content there and writes nothing,
        // and the rename means a file is never seen half-written.
        await atomicWriteFile(file, content, signal);
        return `Wrote ${Buffer.byteLength(content)} bytes to ${sandbox.display(file)}`;
      },
    }),
    append_file: tool({
      name: 'append_file',
      description:
        'Append UTF-8 text to the end of a file in the workspace, creating the file and its folders as needed.',
      input: z.object({
        path: z.string().describe('File path relative to the workspace'),
        content: z
          .string()
          .describe('The text to add at the end; include a trailing newline if you want one'),
      }),
      // Not idempotent: an append redone after a crash would add the text twice, so a durable run that
      // died between the append and its journal record stops with OutcomeUnknown rather than guess.
      idempotent: false,
      execute({ path, content }, { signal }) {
        // Appends run one at a time, in the order they were called: two appends of one turn (the tool
        // calls of a turn run concurrently) land in the order the model wrote them.
        const append = appends.then(async () => {
          const file = await sandbox.resolve(path);
          signal.throwIfAborted();
          await mkdir(dirname(file), { recursive: true });
          await appendFile(file, content, 'utf8');
          return `Appended ${Buffer.byteLength(content)} bytes to ${sandbox.display(file)}`;
        });
        appends = append.catch(() => undefined);
        return append;
      },
    }),
    list_files: tool({
      name: 'list_files',
      description: 'List files in a workspace folder; folders end with "/".',
      input: z.object({
        path: z
          .string()
          .default('.')
          .describe('Folder relative to the workspace; default the workspace itself'),
        recursive: z.boolean().default(false).describe('Also list the contents of sub-folders'),
      }),
      idempotent: true,
      async execute({ path, recursive }) {
        const folder = await sandbox.resolve(path);
        const entries = await readdir(folder, { withFileTypes: true, recursive });
        const names = entries
          .map((entry) => {
            const shown = sandbox.display(join(entry.parentPath, entry.name));
            return entry.isDirectory() ? `${shown}/` : shown;
          })
          .sort();
        if (names.length <= MAX_LIST_ENTRIES) return names;
        return [...names.slice(0, MAX_LIST_ENTRIES), `... and ${names.length - MAX_LIST_ENTRIES} more`];
      },
    }),
  };
}

/** Names of the built-in file tools. */
export const FILE_TOOL_NAMES = ['read_file', 'write_file', 'append_file', 'list_files'] as const;

/** The name of a built-in file tool. */
export type FileToolName = (typeof FILE_TOOL_NAMES)[number];
