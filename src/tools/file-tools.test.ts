import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnyTool } from '../agent/tool.ts';
import { SandboxViolation } from '../errors/sandbox-violation.ts';
import { resolveAllowedPath } from './allowed-paths.ts';
import { fileTools } from './file-tools.ts';
import { Sandbox } from './sandbox.ts';

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

  it('appends to a file, creating it and its folders, and declares itself not idempotent', async () => {
    expect(await call(tools.append_file, { path: 'logs/run.log', content: 'one\n' })).toBe(
      'Appended 4 bytes to logs/run.log',
    );
    await call(tools.append_file, { path: 'logs/run.log', content: 'two\n' });
    expect(await readFile(join(root, 'logs/run.log'), 'utf8')).toBe('one\ntwo\n');
    expect(tools.append_file.idempotent).toBe(false);
    expect(tools.write_file.idempotent).toBe(true);
  });

  it('refuses links out of the sandbox for files still to be created, dangling links included', async () => {
    await symlink(outside, join(root, 'escape'));
    await symlink(join(outside, 'created-by-link.txt'), join(root, 'dangling.txt'));
    await symlink(join(outside, 'new-folder'), join(root, 'dangling-folder'));
    await symlink(join(root, 'notes.md'), join(root, 'inner-link.md'));
    const attempts: [AnyTool, unknown][] = [
      [tools.append_file, { path: 'escape/deep/new.txt', content: 'x' }],
      [tools.append_file, { path: 'dangling.txt', content: 'x' }],
      [tools.write_file, { path: 'dangling.txt', content: 'x' }],
      [tools.append_file, { path: 'dangling-folder/a.txt', content: 'x' }],
      [tools.append_file, { path: '../outside.txt', content: 'x' }],
      [tools.append_file, { path: '/tmp/absolute.txt', content: 'x' }],
    ];
    for (const [tool, input] of attempts) {
      const error = await Promise.resolve(call(tool, input)).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(input)).toBeInstanceOf(SandboxViolation);
      expect((error as SandboxViolation).code).toBe('sandbox_violation');
      expect((error as SandboxViolation).path).toBe((input as { path: string }).path);
    }
    await expect(readFile(join(outside, 'created-by-link.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readFile(join(outside, 'new-folder/a.txt'))).rejects.toMatchObject({ code: 'ENOENT' });
    // A link that stays inside is fine.
    expect(await call(tools.read_file, { path: 'inner-link.md' })).toBe('# notes');
  });

  it('keeps a tool to its allowed paths inside the sandbox', async () => {
    const sandbox = new Sandbox(root);
    await expect(resolveAllowedPath(sandbox, 'reports/q1.md', ['reports'])).resolves.toBe(
      join(root, 'reports/q1.md'),
    );
    await expect(resolveAllowedPath(sandbox, 'notes.md', ['notes.md', 'reports'])).resolves.toBe(
      join(root, 'notes.md'),
    );
    await expect(resolveAllowedPath(sandbox, 'reports-old/q1.md', ['reports'])).rejects.toThrow(
      "Path 'reports-old/q1.md' is outside the sandbox: the tool may only use reports.",
    );
    await expect(resolveAllowedPath(sandbox, '../x', [])).rejects.toBeInstanceOf(SandboxViolation);
  });
});
