import { VegaError } from './vega-error.ts';

/**
 * A tool was asked for a path outside its sandbox (`..`, an absolute path, or a symbolic link that
 * leads out). The model sees it as the tool's error and can try again with a path inside.
 *
 * @example
 * if (error instanceof SandboxViolation) console.log(error.path, error.sandbox);
 */
export class SandboxViolation extends VegaError {
  readonly path: string;
  readonly sandbox: string;

  constructor(path: string, sandbox: string, reason: string) {
    super('sandbox_violation', `Path '${path}' is outside the sandbox: ${reason}.`, {
      hint: 'Use a path relative to the sandbox folder, without `..`.',
    });
    this.name = 'SandboxViolation';
    this.path = path;
    this.sandbox = sandbox;
  }
}
