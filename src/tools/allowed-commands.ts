import { CommandNotAllowed } from '../errors/command-not-allowed.ts';

/**
 * Checks that `command` is one of `allowed`, exactly as written there: `git` allows `git` (found on
 * `PATH`), not `/tmp/git` or `./git`. Throws {@link CommandNotAllowed} naming the allowed commands.
 *
 * @example
 * checkCommandAllowed('git', ['git', 'npm']); // passes
 * checkCommandAllowed('rm', ['git', 'npm']);  // throws: Command 'rm' is not allowed; allowed commands: git, npm.
 */
export function checkCommandAllowed(command: string, allowed: readonly string[]): void {
  if (!allowed.includes(command)) throw new CommandNotAllowed(command, allowed);
}
