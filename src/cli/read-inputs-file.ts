import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diagnosticAt } from '../diagnostics/diagnostic.ts';
import { DiagnosticError } from '../diagnostics/diagnostic-error.ts';
import type { CliIo } from './cli-io.ts';
import { CommandLineError } from './command-line-error.ts';
import { findJsonError } from './find-json-error.ts';
import { readStreamText } from './read-stream-text.ts';

/** How `--inputs` names standard input in messages. */
const STDIN_NAME = '<stdin>';

/**
 * Reads `--inputs FILE.json` (or `--inputs -`: standard input) as a JSON object of input values.
 * Text that is not JSON is a `DiagnosticError` (`invalid_inputs_file`, exit 2) pointing at the line
 * and column where it breaks; JSON that is not an object, an unreadable file or a missing standard
 * input are `CommandLineError`s.
 *
 * @example
 * const values = await readInputsFile('inputs.json', io); // { task: 'a parser', words: 300 }
 */
export async function readInputsFile(location: string, io: CliIo): Promise<Record<string, unknown>> {
  const fromStdin = location === '-';
  const name = fromStdin ? STDIN_NAME : location;
  let text: string;
  if (fromStdin) {
    if (io.stdin === undefined || io.stdin.isTerminal) {
      throw new CommandLineError(
        "'--inputs -' reads a JSON object from standard input, but standard input is a terminal.",
        'Pipe the JSON in (echo \'{"task": "x"}\' | vega run FILE --inputs -) or name a file.',
      );
    }
    text = await readStreamText(io.stdin.stream, io.signal);
  } else {
    try {
      text = await readFile(resolve(io.cwd, location), 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
      throw new CommandLineError(
        `Cannot read the inputs file '${location}': ${reason}.`,
        'Name a JSON file of input values, or use --inputs - to read it from standard input.',
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const problem = findJsonError(text) ?? { offset: 0, message: 'not valid JSON' };
    const { line, column } = lineAndColumn(text, problem.offset);
    const diagnostic = diagnosticAt(
      { file: name, line, column, length: 1 },
      'invalid_inputs_file',
      `the inputs file is not valid JSON: ${problem.message}`,
      'write a JSON object of input values, e.g. {"task": "a parser", "words": 300}',
    );
    throw new DiagnosticError('invalid_inputs_file', [diagnostic], new Map([[name, text]]), { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const found = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new CommandLineError(
      `The inputs in '${name}' must be a JSON object of input values, not ${found}.`,
      'Write them as {"task": "a parser", "words": 300}.',
    );
  }
  return value as Record<string, unknown>;
}

/** 1-based line and column of an offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}
