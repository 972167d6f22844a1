import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWriteFile } from './atomic-write-file.ts';

let folder: string;
const signal = new AbortController().signal;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vega-atomic-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('atomicWriteFile', () => {
  it('writes new content, and leaves a file that already has it untouched', async () => {
    const file = join(folder, 'a.txt');
    expect(await atomicWriteFile(file, 'one', signal)).toBe(true);
    const before = await stat(file);
    expect(await atomicWriteFile(file, 'one', signal)).toBe(false);
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(await atomicWriteFile(file, 'two', signal)).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(folder)).toEqual(['a.txt']);
  });

  it('sweeps the temporary file of a killed writer, and keeps a live writer’s', async () => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await once(child, 'exit');
    const dead = `a.txt.vega-${child.pid}-0000.tmp`;
    const live = `a.txt.vega-${process.pid}-1111.tmp`;
    await writeFile(join(folder, dead), 'half');
    await writeFile(join(folder, live), 'in progress');
    await atomicWriteFile(join(folder, 'a.txt'), 'whole', signal);
    expect((await readdir(folder)).sort()).toEqual(['a.txt', live].sort());
  });
});
