import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyTool } from '../agent/tool.ts';
import { SandboxViolation } from '../errors/sandbox-violation.ts';
import { fileTools } from './file-tools.ts';

let root: string;
let outside: string;
let tools: ReturnType<typeof fileTools>;
const context = { signal: new AbortController().signal, toolCallId: 'call', agent: 'tester' };
const call = (tool: AnyTool, input: unknown) => tool.execute(tool.input.parse(input), context);

beforeEach(async () => {
  outside = await mkdtemp(join(tmpdir(), 'vega-outside-'));
  root = await mkdtemp(join(tmpdir(), 'vega-sandbox-'));
  await writeFile(join(outside, 'secret.txt'), 'top secret');
  await writeFile(join(root, 'notes.md'), '# notes');
  tools = fileTools(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('fileTools', () => {
  it('reads, writes (creating folders) and lists inside the sandbox', async () => {
    expect(await call(tools.read_file, { path: 'notes.md' })).toBe('# notes');
    expect(await call(tools.write_file, { path: 'drafts/a/b.txt', content: 'héllo' })).toBe(
      'Wrote 6 bytes to drafts/a/b.txt',
    );
    expect(await readFile(join(root, 'drafts/a/b.txt'), 'utf8')).toBe('héllo');
    expect(await call(tools.list_files, {})).toEqual(['drafts/', 'notes.md']);
    expect(await call(tools.list_files, { path: 'drafts', recursive: true })).toEqual([
      'drafts/a/',
      'drafts/a/b.txt',
    ]);
  });

  it('refuses paths that leave the sandbox through .., absolute paths or symbolic links', async () => {
    await symlink(outside, join(root, 'escape'));
    await mkdir(join(root, 'inner'));
    const attempts: [AnyTool, unknown][] = [
      [tools.read_file, { path: '../secret.txt' }],
      [tools.read_file, { path: 'inner/../../secret.txt' }],
      [tools.read_file, { path: join(outside, 'secret.txt') }],
      [tools.read_file, { path: 'escape/secret.txt' }],
      [tools.write_file, { path: 'escape/new.txt', content: 'x' }],
      [tools.list_files, { path: 'escape' }],
    ];
    for (const [tool, input] of attempts) {
      const error = await Promise.resolve(call(tool, input)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SandboxViolation);
      expect((error as SandboxViolation).sandbox).toBe(root);
    }
    await expect(readFile(join(outside, 'new.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('explains a missing file and a folder given to read_file', async () => {
    await expect(call(tools.read_file, { path: 'absent.md' })).rejects.toMatchObject({ code: 'ENOENT' });
    await mkdir(join(root, 'folder'));
    await expect(call(tools.read_file, { path: 'folder' })).rejects.toThrow("'folder' is not a file");
  });
});
