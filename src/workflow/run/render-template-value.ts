import type { TemplateValue } from '../document/template-value.ts';
import type { TemplateScope } from '../template/evaluate-expression.ts';
import { renderTemplate } from '../template/render-template.ts';

/**
 * Evaluates a value whose strings are templates: lists and maps keep their shape, each string is
 * rendered (a lone `{{expr}}` keeps its type).
 *
 * @example
 * renderTemplateValue(workflow.output, scope); // { code: '…', review: '…' }
 */
export function renderTemplateValue(value: TemplateValue, scope: TemplateScope): unknown {
  switch (value.kind) {
    case 'literal':
      return value.value;
    case 'template':
      return renderTemplate(value.template, scope);
    case 'list':
      return value.items.map((item) => renderTemplateValue(item, scope));
    case 'map':
      return Object.fromEntries(
        value.entries.map((entry) => [entry.key, renderTemplateValue(entry.value, scope)]),
      );
  }
}
