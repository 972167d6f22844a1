import { readFileSync } from 'node:fs';
import { InvalidScript } from './invalid-script.ts';
import { parseScript } from './parse-script.ts';
import type { Script } from './script.ts';

/**
 * Reads and checks a script file (YAML, or JSON when the name ends in `.json`). Synchronous on
 * purpose: scripts are read once while a workflow or test is set up, and the model registry resolves
 * `scripted:<file>` synchronously, as AI SDK providers resolve model ids.
 *
 * @example
 * const model = scriptedModel(loadScript('test/scripts/haiku.yaml'));
 */
export function loadScript(path: string): Script {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new InvalidScript({
      fileName: path,
      issues: [{ path: '', message: `cannot read it: ${reason}` }],
      cause: error,
    });
  }
  return parseScript(text, path);
}
