import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxViolation } from '../errors/sandbox-violation.ts';
import { Sandbox } from './sandbox.ts';

let base: string;
let root: string;

// root/ holds a/ (with b/), link-in → root/a, link-out → outside/, dangling-out → outside/nothing.
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'vega-sandbox-property-')));
  root = join(base, 'root');
  await mkdir(join(root, 'a', 'b'), { recursive: true });
  await mkdir(join(base, 'outside'));
  await symlink(join(root, 'a'), join(root, 'link-in'));
  await symlink(join(base, 'outside'), join(root, 'link-out'));
  await symlink(join(base, 'outside', 'nothing'), join(root, 'dangling-out'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const SEGMENTS = ['a', 'b', '.', '..', 'new', 'link-in', 'link-out', 'dangling-out'] as const;

/**
 * The model: `..` is applied to the text first (as `path.resolve` does); a path that then leaves the
 * root is refused; otherwise it is refused exactly when it goes through a link that points out.
 */
function modelAllows(segments: readonly string[]): boolean {
  const stack: string[] = [];
  for (const segment of segments) {
    if (segment === '.') continue;
    if (segment === '..') {
      if (stack.length === 0) return false;
      stack.pop();
      continue;
    }
    stack.push(segment);
  }
  // Links only lead out from the top level of the root, where they are.
  return stack[0] !== 'link-out' && stack[0] !== 'dangling-out';
}

describe('Sandbox.resolve', () => {
  it('refuses exactly the paths that lead out, by `..` or through a link', async () => {
    const sandbox = new Sandbox(root);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 6 }),
        async (segments) => {
          const path = segments.join('/');
          const outcome = await sandbox.resolve(path).then(
            (resolved) => ({ ok: true as const, resolved }),
            (error: unknown) => ({ ok: false as const, error }),
          );
          if (outcome.ok) {
            expect(modelAllows(segments), path).toBe(true);
            expect(outcome.resolved).toBe(resolve(root, path));
          } else {
            expect(outcome.error, path).toBeInstanceOf(SandboxViolation);
            expect(modelAllows(segments), path).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
