import { isMap, isScalar, isSeq, type ParsedNode } from 'yaml';
import type { TemplateValue } from '../document/template-value.ts';
import { parseTemplate } from '../template/parse-template.ts';
import type { Template } from '../template/template.ts';
import { describeNode } from './describe-node.ts';
import type { LoadContext } from './load-context.ts';
import { locateInScalar, locateInsideScalar } from './locate-in-scalar.ts';
import { substituteInScalar } from './read-scalar.ts';
import { readTextScalar } from './read-text-scalar.ts';
import { resolveNode } from './resolve-node.ts';
import { substituteEnvironment } from './substitute-environment.ts';

/**
 * Reads a scalar as a template: `{{ … }}` parsed once, each expression located in the file, problems
 * reported where they are. `${VAR}` is substituted in the literal text only, so a variable's value is
 * never evaluated as a template.
 *
 * @example
 * const message = readTemplate(context, entry.value, 'the message of this step');
 */
export function readTemplate(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): Template | undefined {
  const scalar = readTextScalar(context, raw, label, 'text');
  if (scalar === undefined) return undefined;
  const { node, span } = scalar;
  if (typeof node.value !== 'string')
    return {
      source: node.source ?? String(node.value),
      segments: [{ kind: 'text', text: node.source ?? String(node.value) }],
      span,
    };
  const value = node.value;
  substituteInScalar(context, node, value);
  const locate = (offset: number, length: number) =>
    locateInScalar(context, node, value, offset, length, '{{');
  const { template, problems } = parseTemplate(value, { locate, span });
  for (const problem of problems) {
    context.report(
      'error',
      problem.code,
      problem.message,
      problem.at === undefined
        ? locate(problem.offset, problem.length)
        : locateInsideScalar(context, node, value, problem, problem.at, '{{'),
      problem.hint,
    );
  }
  return {
    ...template,
    segments: template.segments.map((segment) =>
      segment.kind === 'text'
        ? { kind: 'text', text: substituteEnvironment(segment.text, context.env).text }
        : segment,
    ),
  };
}

/**
 * Reads any YAML value with templates for its strings: what `set:` assigns and `output:` renders.
 *
 * @example
 * const output = readTemplateValue(context, entry.value, '`output` of workflow \'code-review\'');
 */
export function readTemplateValue(
  context: LoadContext,
  raw: ParsedNode | null,
  label: string,
): TemplateValue | undefined {
  const node = resolveNode(context, raw);
  const span = context.spanOf(node);
  if (node === null) return { kind: 'literal', value: null, span };
  if (isMap(node)) {
    const entries: { key: string; value: TemplateValue }[] = [];
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : undefined;
      if (typeof key !== 'string' && typeof key !== 'number') {
        context.report(
          'error',
          'invalid_type',
          `keys in ${label} must be text`,
          context.spanOf(pair.key as ParsedNode | null),
        );
        continue;
      }
      const value = readTemplateValue(context, pair.value as ParsedNode | null, label);
      if (value !== undefined) entries.push({ key: String(key), value });
    }
    return { kind: 'map', entries, span };
  }
  if (isSeq(node)) {
    const items = node.items.flatMap((item) => readTemplateValue(context, item as ParsedNode, label) ?? []);
    return { kind: 'list', items, span };
  }
  if (isScalar(node) && typeof node.value === 'string') {
    const template = readTemplate(context, node, label);
    return template === undefined ? undefined : { kind: 'template', template, span };
  }
  if (isScalar(node)) {
    const value = node.value;
    if (value === null || value === undefined) return { kind: 'literal', value: null, span };
    if (typeof value === 'number' || typeof value === 'boolean') return { kind: 'literal', value, span };
  }
  context.report('error', 'invalid_type', `${label} has ${describeNode(node)}, which Vega cannot read`, span);
  return undefined;
}
