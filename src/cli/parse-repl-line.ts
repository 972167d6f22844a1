import { closestName } from '../diagnostics/closest-name.ts';
import { ReplLineError } from './repl-line-error.ts';

/** One line of `vega repl`, understood. */
export type ReplCommand =
  | { readonly kind: 'send'; readonly agent: string; readonly message: string }
  | {
      readonly kind: 'run';
      readonly workflow: string;
      readonly inputs: Readonly<Record<string, string | boolean>>;
    }
  | { readonly kind: 'save'; readonly name: string }
  | { readonly kind: 'show'; readonly name: string }
  | { readonly kind: 'list'; readonly what: 'agents' | 'workflows' }
  | { readonly kind: 'load'; readonly file: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'exit' }
  | { readonly kind: 'nothing' };

/** The REPL's commands, for "did you mean" hints. */
export const REPL_COMMANDS = ['run', 'save', 'show', 'list', 'load', 'help', 'exit', 'quit'] as const;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a REPL line: `Agent <- "message"` (double quotes as in JSON, single quotes, or bare text),
 * `run <workflow> --k v`, `save NAME`, `show NAME`, `list agents|workflows`, `load FILE`, `help`,
 * `exit`. An empty line or a `# comment` is `nothing`. Throws a {@link ReplLineError} that says how
 * to write the line.
 *
 * @example
 * parseReplLine('Writer <- "Hello, {{name}}"'); // { kind: 'send', agent: 'Writer', message: 'Hello, {{name}}' }
 */
export function parseReplLine(line: string): ReplCommand {
  const text = line.trim();
  if (text === '' || text.startsWith('#')) return { kind: 'nothing' };
  const send = /^([^\s<]+)\s*<-\s*([\s\S]*)$/.exec(text);
  if (send !== null) return { kind: 'send', agent: send[1]!, message: readMessage(send[2]!) };
  const [word = '', ...rest] = splitWords(text);
  switch (word) {
    case 'run': {
      const [workflow, ...args] = rest;
      if (workflow === undefined || workflow.startsWith('-')) {
        throw new ReplLineError("'run' needs a workflow name.", 'Write: run <workflow> --<input> value');
      }
      return { kind: 'run', workflow, inputs: parseInputFlags(args) };
    }
    case 'save':
    case 'show': {
      const name = onlyArgument(word, rest, 'NAME');
      if (word === 'save' && !VARIABLE_NAME.test(name)) {
        throw new ReplLineError(
          `'${name}' is not a variable name.`,
          'Use letters, digits and _, starting with a letter or _ (save draft_1).',
        );
      }
      return { kind: word, name };
    }
    case 'list': {
      const what = onlyArgument(word, rest, 'agents|workflows');
      if (what === 'agents' || what === 'workflows') return { kind: 'list', what };
      const suggestion = closestName(what, ['agents', 'workflows']);
      throw new ReplLineError(
        `'list' takes agents or workflows, not '${what}'.`,
        suggestion === undefined ? undefined : `did you mean 'list ${suggestion}'?`,
      );
    }
    case 'load':
      return { kind: 'load', file: onlyArgument(word, rest, 'FILE') };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'exit':
    case 'quit':
      return { kind: 'exit' };
    default: {
      const suggestion = closestName(word, REPL_COMMANDS);
      throw new ReplLineError(
        `unknown command '${word}'.`,
        suggestion === undefined
          ? 'Send a message with Agent <- "message"; type help for the commands.'
          : `did you mean '${suggestion}'? Type help for the commands.`,
      );
    }
  }
}

/** The message after `<-`: a JSON string, a single-quoted text, or the rest of the line as it is. */
function readMessage(raw: string): string {
  const text = raw.trim();
  if (text === '') throw new ReplLineError('nothing to send after <-.', 'Write: Agent <- "message"');
  if (text.startsWith('"')) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'string') return value;
    } catch {}
    throw new ReplLineError(
      'the message has no closing quote, or text after it.',
      'Write it as "message" (escape a quote inside as \\"), or leave the quotes out.',
    );
  }
  if (text.startsWith("'")) {
    if (text.length < 2 || !text.endsWith("'")) {
      throw new ReplLineError('the message has no closing quote.', "Write it as 'message'.");
    }
    return text.slice(1, -1);
  }
  return text;
}

function onlyArgument(command: string, rest: readonly string[], what: string): string {
  if (rest.length !== 1) {
    throw new ReplLineError(
      `'${command}' takes one ${what}, got ${rest.length === 0 ? 'none' : rest.length}.`,
      `Write: ${command} ${what}`,
    );
  }
  return rest[0]!;
}

/** `--name value`, `--name=value` and a bare `--name` (true), as `vega run` reads them. */
function parseInputFlags(args: readonly string[]): Record<string, string | boolean> {
  const inputs: Record<string, string | boolean> = {};
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (!arg.startsWith('--') || arg.length === 2) {
      throw new ReplLineError(
        `expected an input as --name value, found '${arg}'.`,
        'Write: run <workflow> --task "a parser"',
      );
    }
    const equals = arg.indexOf('=');
    if (equals !== -1) {
      inputs[arg.slice(2, equals)] = arg.slice(equals + 1);
      continue;
    }
    const next = args[index + 1];
    if (next === undefined || next.startsWith('--')) inputs[arg.slice(2)] = true;
    else {
      inputs[arg.slice(2)] = next;
      index += 1;
    }
  }
  return inputs;
}

/**
 * Splits a line into words as a shell would for simple cases: spaces separate, single quotes keep
 * text as it is, double quotes allow `\"` and `\\`.
 *
 * @example
 * splitWords(`run review --task "a CSV parser"`); // ['run', 'review', '--task', 'a CSV parser']
 */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index]!;
    if (quote !== undefined) {
      if (character === quote) quote = undefined;
      else if (quote === '"' && character === '\\' && index + 1 < text.length) {
        index += 1;
        word += text[index]!;
      } else word += character;
    } else if (character === '"' || character === "'") {
      quote = character;
      word ??= '';
    } else if (/\s/.test(character)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + character;
  }
  if (quote !== undefined)
    throw new ReplLineError(`a ${quote} quote is not closed.`, `Close it with ${quote}.`);
  if (word !== undefined) words.push(word);
  return words;
}
