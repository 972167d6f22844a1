import { readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { SandboxViolation } from '../errors/sandbox-violation.ts';

/**
 * A folder that file tools are confined to. Every path is resolved inside it; `..`, absolute paths and
 * symbolic links that lead out are refused with {@link SandboxViolation}.
 *
 * @example
 * const sandbox = new Sandbox('./workspace');
 * const file = await sandbox.resolve('notes/today.md');
 */
export class Sandbox {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The absolute path for `path`, checked to stay inside the sandbox, symbolic links included. */
  async resolve(path: string): Promise<string> {
    if (path.includes('\0')) throw new SandboxViolation(path, this.root, 'it contains a NUL character');
    if (isAbsolute(path)) throw new SandboxViolation(path, this.root, 'absolute paths are not allowed');
    const target = resolve(this.root, path);
    if (!isInside(this.root, target))
      throw new SandboxViolation(path, this.root, 'it leads out through `..`');
    const root = await realpath(this.root).catch(() => this.root);
    const real = await realpathOfExistingAncestor(target);
    if (!isInside(root, real)) throw new SandboxViolation(path, this.root, 'a symbolic link leads out of it');
    return target;
  }

  /** `path` relative to the sandbox root, with `/` separators, for messages to the model. */
  display(path: string): string {
    const shown = relative(this.root, path).split(sep).join('/');
    return shown === '' ? '.' : shown;
  }
}

function isInside(root: string, path: string): boolean {
  const fromRoot = relative(root, path);
  return fromRoot === '' || (!fromRoot.startsWith('..') && !isAbsolute(fromRoot));
}

/**
 * The real path of `path`, or of its nearest existing ancestor joined with the rest (for new files). A
 * dangling symbolic link is followed to where it points, since writing through it would create the
 * file there.
 */
async function realpathOfExistingAncestor(path: string): Promise<string> {
  const missing: string[] = [];
  let current = path;
  for (let links = 0; ; ) {
    try {
      return join(await realpath(current), ...[...missing].reverse());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const target = await readlink(current).catch(() => undefined);
      if (target !== undefined) {
        links += 1;
        if (links > MAX_LINKS) throw error;
        current = resolve(dirname(current), target);
        continue;
      }
      const parent = dirname(current);
      if (parent === current) return join(current, ...[...missing].reverse());
      missing.push(current.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
      current = parent;
    }
  }
}

/** How many dangling links a path may go through, as the kernel's own limit for lookups. */
const MAX_LINKS = 40;
