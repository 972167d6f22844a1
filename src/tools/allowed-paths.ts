import { isAbsolute, relative, resolve } from 'node:path';
import { SandboxViolation } from '../errors/sandbox-violation.ts';
import type { Sandbox } from './sandbox.ts';

/**
 * Resolves `path` inside the sandbox (see {@link Sandbox.resolve}) and, when `allowedPaths` is not
 * empty, checks that it is one of them or inside one of them (folders and files relative to the
 * sandbox). Throws {@link SandboxViolation} otherwise.
 *
 * @example
 * const file = await resolveAllowedPath(sandbox, 'reports/q1.md', ['reports']);
 */
export async function resolveAllowedPath(
  sandbox: Sandbox,
  path: string,
  allowedPaths: readonly string[],
): Promise<string> {
  const file = await sandbox.resolve(path);
  if (allowedPaths.length === 0) return file;
  const inside = allowedPaths.some((allowed) => {
    const fromAllowed = relative(resolve(sandbox.root, allowed), file);
    return fromAllowed === '' || (!fromAllowed.startsWith('..') && !isAbsolute(fromAllowed));
  });
  if (!inside)
    throw new SandboxViolation(path, sandbox.root, `the tool may only use ${allowedPaths.join(', ')}`);
  return file;
}
