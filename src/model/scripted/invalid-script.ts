import { VegaError } from '../../errors/vega-error.ts';

/** One problem found in a script. */
export interface ScriptIssue {
  /** Where in the script, e.g. `replies[2].tool_calls[0].name`; `''` for the whole file. */
  readonly path: string;
  readonly message: string;
  /** The index of the entry in `replies`, when the problem is inside one. */
  readonly entryIndex?: number;
  /** 1-based position in the file, when known. */
  readonly line?: number;
  readonly column?: number;
}

/**
 * A script (a file or an object given in code) that cannot be used. The message names the file, the
 * entry and what is wrong, with line and column when they are known.
 *
 * @example
 * try { loadScript('script.yaml'); } catch (error) {
 *   if (VegaError.isInstance(error) && error.code === 'invalid_script') console.error(error.message);
 * }
 */
export class InvalidScript extends VegaError {
  readonly fileName: string | undefined;
  readonly issues: readonly ScriptIssue[];

  constructor(fields: { fileName?: string | undefined; issues: readonly ScriptIssue[]; cause?: unknown }) {
    const subject = fields.fileName === undefined ? 'Invalid script' : `Invalid script ${fields.fileName}`;
    const lines = fields.issues.map(describeIssue);
    const message =
      lines.length === 1 ? `${subject}: ${lines[0]}` : `${subject}:\n  - ${lines.join('\n  - ')}`;
    super('invalid_script', message, { cause: fields.cause });
    this.name = 'InvalidScript';
    this.fileName = fields.fileName;
    this.issues = fields.issues;
  }
}

function describeIssue(issue: ScriptIssue): string {
  const where = issue.path === '' ? 'top level' : issue.path;
  const position = issue.line === undefined ? '' : ` (line ${issue.line}, column ${issue.column ?? 1})`;
  return `${where}${position}: ${issue.message}`;
}
