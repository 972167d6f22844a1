import { isScalar, isSeq, type ParsedNode } from 'yaml';
import type { Located } from '../document/located.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { locateInScalar } from './locate-in-scalar.ts';
import { resolveNode } from './resolve-node.ts';
import { substituteEnvironment } from './substitute-environment.ts';

/**
 * Reads a scalar as text, with `${VAR}` substituted. Numbers and booleans are read as written
 * (`0.10` stays `0.10`). Anything else is reported as `invalid_type` and gives `undefined`.
 *
 * @example
 * const model = readText(context, entry.value, '`model` of agent \'Coder\'');
 */
export function readText(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Located<string> | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  if (!isScalar(node) || node.value === null || node.value === undefined || typeof node.value === 'object') {
    context.report('error', 'invalid_type', `${label} must be text, got ${describeNode(node)}`, span);
    return undefined;
  }
  if (typeof node.value !== 'string') return { value: node.source ?? String(node.value), span };
  return { value: substituteInScalar(context, node, node.value), span };
}

/** Bounds of {@link readNumber}: `minimum` and `maximum` are inclusive, `above` is not. */
export interface NumberBounds {
  readonly integer: boolean;
  readonly minimum?: number;
  readonly above?: number;
  readonly maximum?: number;
}

/**
 * Reads a number; a string is accepted only when it is made of `${VAR}` references that give one.
 * A value out of its bounds is reported as `invalid_value`.
 *
 * @example
 * const temperature = readNumber(context, entry.value, '`temperature` of agent \'Coder\'', { integer: false });
 * const rate = readNumber(context, entry.value, '`rate_limit.requests_per_minute`', { integer: false, above: 0 });
 */
export function readNumber(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
  options: NumberBounds,
): Located<number> | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  let value: unknown = isScalar(node) ? node.value : undefined;
  if (typeof value === 'string' && value.includes('${') && isScalar(node)) {
    const text = substituteInScalar(context, node, value).trim();
    value = text === '' ? Number.NaN : Number(text);
  }
  const kind = options.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (options.integer && !Number.isInteger(value))) {
    context.report('error', 'invalid_type', `${label} must be ${kind}, got ${describeNode(node)}`, span);
    return undefined;
  }
  const problem = outOfBounds(value, options);
  if (problem !== undefined) {
    context.report('error', 'invalid_value', `${label} must be ${problem}, got ${value}`, span);
    return undefined;
  }
  return { value, span };
}

function outOfBounds(value: number, bounds: NumberBounds): string | undefined {
  if (bounds.minimum !== undefined && value < bounds.minimum) return `at least ${bounds.minimum}`;
  if (bounds.above !== undefined && value <= bounds.above) return `greater than ${bounds.above}`;
  if (bounds.maximum !== undefined && value > bounds.maximum) return `at most ${bounds.maximum}`;
  return undefined;
}

/**
 * Reads a list of names (`tools: [read_file, write_file]`).
 *
 * @example
 * const tools = readNameList(context, entry.value, '`tools` of agent \'Coder\'');
 */
export function readNameList(context: LoadContext, raw: ParsedNode | null, label: string): Located<string>[] {
  const node = resolveNode(context, raw);
  if (!isSeq(node)) {
    context.report(
      'error',
      'invalid_type',
      `${label} must be a list, got ${describeNode(node)}`,
      context.spanOf(node),
      'write it as [a, b]',
    );
    return [];
  }
  return node.items.flatMap((item) => readText(context, item as ParsedNode, `each of ${label}`) ?? []);
}

/**
 * `${VAR}` substitution of a scalar's string value, reporting each missing variable at its place.
 *
 * @example
 * const text = substituteInScalar(context, node, node.value);
 */
export function substituteInScalar(context: LoadContext, node: ParsedNode, value: string): string {
  const { text, missing } = substituteEnvironment(value, context.env);
  for (const variable of missing) {
    context.report(
      'error',
      'missing_environment_variable',
      `environment variable '${variable.name}' is not set`,
      locateInScalar(context, node, value, variable.offset, variable.length, '${'),
      `set ${variable.name}, or give a default: \${${variable.name}:-value}`,
    );
  }
  return text;
}
