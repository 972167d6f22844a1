import type { WorkflowDefinition } from '../workflow/document/workflow-definition.ts';
import type { CliIo } from './cli-io.ts';
import type { RunArguments } from './parse-run-arguments.ts';
import { readInputsFile } from './read-inputs-file.ts';
import { readStreamText } from './read-stream-text.ts';

/**
 * The input values of a `vega run`, before they are checked: the `--inputs` object, overridden by
 * `--<input>` flags, and standard input as `input` when {@link readsStandardInput} says so.
 *
 * @example
 * const given = await gatherRunInputs(args, workflow, io); // { task: 'a parser', words: 300 }
 */
export async function gatherRunInputs(
  args: Pick<RunArguments, 'inputs' | 'inputsFile'>,
  workflow: WorkflowDefinition,
  io: CliIo,
): Promise<Record<string, unknown>> {
  const fromFile = args.inputsFile === undefined ? {} : await readInputsFile(args.inputsFile, io);
  const given: Record<string, unknown> = { ...fromFile, ...args.inputs };
  if (args.inputsFile !== '-' && io.stdin !== undefined && readsStandardInput(workflow, given, io)) {
    // A trailing line break is how `echo` and editors end text, not part of the value.
    const text = (await readStreamText(io.stdin.stream, io.signal)).replace(/(?:\r?\n)+$/, '');
    if (text !== '') given.input = text;
  }
  return given;
}

/**
 * Whether standard input would be read as `input`: it is not a terminal, and the workflow has an input
 * it would fill — its only input, or an input named `input` — that was given no value. Reading only
 * then means a run never waits on a standard input it has no use for (a parent that leaves the pipe
 * open, a CI job).
 *
 * @example
 * readsStandardInput(workflow, { task: 'x' }, io); // false: the one input is given
 */
export function readsStandardInput(
  workflow: WorkflowDefinition,
  given: Readonly<Record<string, unknown>>,
  io: Pick<CliIo, 'stdin'>,
): boolean {
  if (io.stdin === undefined || io.stdin.isTerminal || 'input' in given) return false;
  const [single] = workflow.inputs;
  if (workflow.inputs.length === 1 && single !== undefined) return !(single.name in given);
  return workflow.inputs.some((input) => input.name === 'input');
}

/**
 * The declared inputs that were given a value (`input` counting for a one-input workflow's input).
 *
 * @example
 * givenInputNames(workflow, { input: 'x' }); // ['task'] for a workflow whose one input is task
 */
export function givenInputNames(
  workflow: WorkflowDefinition,
  given: Readonly<Record<string, unknown>>,
): string[] {
  const [single] = workflow.inputs;
  return Object.keys(given).map((name) =>
    name === 'input' && workflow.inputs.length === 1 && single !== undefined ? single.name : name,
  );
}
