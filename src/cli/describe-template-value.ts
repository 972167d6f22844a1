import type { TemplateValue } from '../workflow/document/template-value.ts';

/**
 * A `set:` value or an `output:` as it reads in the file, on one line: templates as written, literals
 * as JSON, lists and maps in flow style.
 *
 * @example
 * describeTemplateValue(workflow.output); // '{{greeting}}'
 * describeTemplateValue(mapValue);        // '{ title: {{title}}, count: 3 }'
 */
export function describeTemplateValue(value: TemplateValue): string {
  switch (value.kind) {
    case 'literal':
      return JSON.stringify(value.value);
    case 'template':
      return value.template.source.replaceAll('\n', '\\n');
    case 'list':
      return `[${value.items.map(describeTemplateValue).join(', ')}]`;
    case 'map':
      return value.entries.length === 0
        ? '{}'
        : `{ ${value.entries.map((entry) => `${entry.key}: ${describeTemplateValue(entry.value)}`).join(', ')} }`;
  }
}
