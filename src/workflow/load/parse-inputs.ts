import { isScalar, isSeq, type ParsedNode } from 'yaml';
import type { InputDefinition } from '../document/workflow-definition.ts';
import { checkInputValue } from '../inputs/check-input-value.ts';
import { checkVariableName } from './check-variable-name.ts';
import { type InputDraft, inputKeys } from './input-keys.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { type MapEntry, readMapEntries } from './map-entries.ts';
import { resolveNode } from './resolve-node.ts';

/**
 * Reads a workflow's `inputs:`, in map form or as the list shorthand `[a, b]` (required text).
 * Defaults and enums are checked against the declared type, `min` and `max` at load time.
 *
 * @example
 * const inputs = parseInputs(context, entry.value, 'code-review');
 */
export function parseInputs(
  context: LoadContext,
  raw: ParsedNode | null,
  workflow: string,
): InputDefinition[] {
  const node = resolveNode(context, raw);
  if (node === null) return [];
  if (isSeq(node)) {
    return node.items.flatMap((item) => {
      const itemNode = resolveNode(context, item as ParsedNode);
      const span = context.spanOf(itemNode);
      if (!isScalar(itemNode) || typeof itemNode.value !== 'string') {
        context.report(
          'error',
          'invalid_type',
          `inputs of workflow '${workflow}' must be names`,
          span,
          'write `inputs: [task, tone]` or a map',
        );
        return [];
      }
      if (!checkVariableName(context, itemNode.value, span, 'input')) return [];
      return [{ name: itemNode.value, type: 'string', required: true, span, fieldSpans: {} }];
    });
  }
  const entries = readMapEntries(context, node, `\`inputs\` of workflow '${workflow}'`) ?? [];
  return entries.flatMap((entry) => parseInput(context, entry) ?? []);
}

function parseInput(context: LoadContext, entry: MapEntry): InputDefinition | undefined {
  const draft: InputDraft = { name: entry.key };
  const named = checkVariableName(context, entry.key, entry.keySpan, 'input');
  const entries = entry.value === null ? [] : readMapEntries(context, entry.value, `input '${entry.key}'`);
  if (entries === undefined || !named) return undefined;
  const fieldSpans = applyKeyTable(context, entries, inputKeys, draft, `input '${entry.key}'`);
  const type = draft.type ?? 'string';
  for (const key of ['min', 'max'] as const) {
    if (draft[key] !== undefined && type !== 'number' && type !== 'integer') {
      context.report(
        'error',
        'invalid_value',
        `\`${key}\` applies only to number and integer inputs`,
        fieldSpans[key] ?? entry.keySpan,
        `remove it, or set \`type: number\``,
      );
    }
  }
  // With a misspelt type, checking the default against the fallback type would only add noise.
  if (fieldSpans.type !== undefined && draft.type === undefined) return undefined;
  const constraints = { type, ...pick(draft, 'enum', 'min', 'max') };
  for (const [index, allowed] of (draft.enum ?? []).entries()) {
    const check = checkInputValue(allowed, { type }, { coerce: false });
    if (!check.ok)
      context.report(
        'error',
        'invalid_value',
        `value ${index + 1} of \`enum\` of input '${entry.key}' ${check.reason}`,
        fieldSpans.enum ?? entry.keySpan,
      );
  }
  if (draft.default !== undefined) {
    const check = checkInputValue(draft.default.value, constraints, { coerce: false });
    if (!check.ok)
      context.report(
        'error',
        'invalid_value',
        `the default of input '${entry.key}' ${check.reason}`,
        fieldSpans.default ?? entry.keySpan,
      );
  }
  return {
    name: entry.key,
    type,
    required: draft.default === undefined,
    span: entry.keySpan,
    fieldSpans,
    ...pick(draft, 'description', 'enum', 'min', 'max'),
    ...(draft.default === undefined ? {} : { default: draft.default.value }),
  };
}

function pick<T extends object, K extends keyof T>(
  source: T,
  ...keys: K[]
): { [P in K]?: Exclude<T[P], undefined> } {
  const picked: { [P in K]?: Exclude<T[P], undefined> } = {};
  for (const key of keys) {
    const value = source[key];
    if (value !== undefined) picked[key] = value as Exclude<T[K], undefined>;
  }
  return picked;
}
