import { closestName } from '../../diagnostics/closest-name.ts';
import type { ToolImplementation, ToolParamDefinition } from '../document/custom-tool-definition.ts';
import type { TemplateValue } from '../document/template-value.ts';
import { expressionReferences } from '../template/expression-references.ts';
import { SOURCE_BUILTINS } from '../template/read-builtin.ts';
import { type Template, templateExpressions } from '../template/template.ts';
import type { LoadContext } from './load-context.ts';

/**
 * Checks that every `{{ … }}` of a custom tool's implementation reads only its params (or the clock
 * and random built-ins), suggesting the closest param for a misspelt name.
 *
 * @example
 * checkToolTemplates(context, 'send_slack', implementation, params);
 */
export function checkToolTemplates(
  context: LoadContext,
  tool: string,
  implementation: ToolImplementation,
  params: readonly ToolParamDefinition[],
): void {
  const names = params.map((param) => param.name);
  const check = (template: Template): void => {
    for (const segment of templateExpressions(template)) {
      for (const reference of expressionReferences(segment.expression.node)) {
        if (names.includes(reference.root) || reference.optional === true) continue;
        if (SOURCE_BUILTINS.includes(reference.root) && reference.root !== 'env') continue;
        const closest = closestName(reference.root, names);
        const listed = names.length === 0 ? 'the tool has no params' : `params: ${names.join(', ')}`;
        context.report(
          'error',
          'undefined_variable',
          `tool '${tool}' reads '${reference.root}', which is not one of its params`,
          segment.span ?? template.span ?? context.spanOf(null),
          closest === undefined
            ? `declare it under \`params\` (${listed})`
            : `did you mean '${closest}'? (${listed})`,
        );
      }
    }
  };
  for (const template of implementationTemplates(implementation)) check(template);
}

function implementationTemplates(implementation: ToolImplementation): Template[] {
  switch (implementation.type) {
    case 'http':
      return [
        implementation.url,
        ...implementation.headers.map((header) => header.template),
        ...implementation.query.map((parameter) => parameter.template),
        ...(implementation.body === undefined ? [] : valueTemplates(implementation.body)),
      ];
    case 'exec':
      return [implementation.command, ...implementation.args];
    case 'file_read':
      return [implementation.path];
    case 'file_write':
      return [implementation.path, implementation.content];
  }
}

function valueTemplates(value: TemplateValue): Template[] {
  switch (value.kind) {
    case 'literal':
      return [];
    case 'template':
      return [value.template];
    case 'list':
      return value.items.flatMap(valueTemplates);
    case 'map':
      return value.entries.flatMap((entry) => valueTemplates(entry.value));
  }
}
