import { isSeq, type ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { ToolParamDefinition } from '../document/custom-tool-definition.ts';
import { checkInputValue } from '../inputs/check-input-value.ts';
import { checkVariableName } from './check-variable-name.ts';
import { applyKeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import { readMapEntries } from './map-entries.ts';
import { resolveNode } from './resolve-node.ts';
import { type ToolParamDraft, toolParamKeys } from './tool-param-keys.ts';

/**
 * Reads a custom tool's `params:`, in map form (`channel: { type: string }`) or list form
 * (`[{ name: channel, type: string }]`). Types default to `string`; `default` and `enum` values are
 * checked against the type; two params of one name are an error.
 *
 * @example
 * const params = parseToolParams(context, entry.value, 'send_slack');
 */
export function parseToolParams(
  context: LoadContext,
  raw: ParsedNode | null,
  tool: string,
): ToolParamDefinition[] {
  const node = resolveNode(context, raw);
  if (node === null) return [];
  const params: ToolParamDefinition[] = [];
  const add = (param: ToolParamDefinition | undefined): void => {
    if (param === undefined) return;
    if (params.some((other) => other.name === param.name)) {
      context.report(
        'error',
        'duplicate_name',
        `tool '${tool}' has two params named '${param.name}'`,
        param.span,
        'rename or remove one of them',
      );
      return;
    }
    params.push(param);
  };
  if (isSeq(node)) {
    for (const item of node.items) {
      const itemNode = resolveNode(context, item as ParsedNode);
      const entries = readMapEntries(context, itemNode, `each param of tool '${tool}'`);
      if (entries === undefined) continue;
      const draft: ToolParamDraft = { owner: `a param of tool '${tool}'` };
      const fieldSpans = applyKeyTable(context, entries, toolParamKeys, draft, draft.owner);
      const span = fieldSpans.name ?? context.spanOf(itemNode);
      if (draft.name === undefined) {
        if (fieldSpans.name === undefined)
          context.report(
            'error',
            'missing_key',
            `a param of tool '${tool}' has no \`name\``,
            span,
            'write each param as `{ name: channel, type: string }`',
          );
        continue;
      }
      add(finishParam(context, draft, draft.name, span, fieldSpans));
    }
    return params;
  }
  for (const entry of readMapEntries(context, node, `\`params\` of tool '${tool}'`) ?? []) {
    const owner = `param '${entry.key}' of tool '${tool}'`;
    const entries = entry.value === null ? [] : readMapEntries(context, entry.value, owner);
    if (entries === undefined) continue;
    const draft: ToolParamDraft = { owner };
    const fieldSpans = applyKeyTable(context, entries, toolParamKeys, draft, owner);
    if (fieldSpans.name !== undefined) {
      context.report(
        'error',
        'unknown_key',
        `\`name\` is for the list form of params; here the key '${entry.key}' is the name`,
        fieldSpans.name,
        'remove `name`',
      );
    }
    add(finishParam(context, draft, entry.key, entry.keySpan, fieldSpans));
  }
  return params;
}

function finishParam(
  context: LoadContext,
  draft: ToolParamDraft,
  name: string,
  span: SourceSpan,
  fieldSpans: Record<string, SourceSpan>,
): ToolParamDefinition | undefined {
  if (!checkVariableName(context, name, span, 'param')) return undefined;
  const type = draft.type ?? 'string';
  // With a misspelt type the param is kept (templates reading it are fine), but checking its values
  // against the fallback type would only add noise.
  const typed = fieldSpans.type === undefined || draft.type !== undefined;
  for (const [index, allowed] of (typed ? (draft.enum ?? []) : []).entries()) {
    const check = checkInputValue(allowed, { type }, { coerce: false });
    if (!check.ok)
      context.report(
        'error',
        'invalid_value',
        `value ${index + 1} of \`enum\` of ${draft.owner} ${check.reason}`,
        fieldSpans.enum ?? span,
      );
  }
  if (draft.default !== undefined && typed) {
    const constraints = { type, ...(draft.enum === undefined ? {} : { enum: draft.enum }) };
    const check = checkInputValue(draft.default.value, constraints, { coerce: false });
    if (!check.ok)
      context.report(
        'error',
        'invalid_value',
        `the default of ${draft.owner} ${check.reason}`,
        fieldSpans.default ?? span,
      );
  }
  return {
    name,
    type,
    required: draft.required ?? false,
    span,
    ...(draft.description === undefined ? {} : { description: draft.description }),
    ...(draft.enum === undefined ? {} : { enum: draft.enum }),
    ...(draft.default === undefined ? {} : { default: draft.default }),
  };
}
