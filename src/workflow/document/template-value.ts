import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Template } from '../template/template.ts';

/**
 * A YAML value whose strings are templates: what `set:` assigns and what `output:` renders. Strings
 * become templates; numbers, booleans and null stay literals; lists and maps nest.
 */
export type TemplateValue =
  | { readonly kind: 'literal'; readonly value: null | boolean | number; readonly span: SourceSpan }
  | { readonly kind: 'template'; readonly template: Template; readonly span: SourceSpan }
  | { readonly kind: 'list'; readonly items: readonly TemplateValue[]; readonly span: SourceSpan }
  | {
      readonly kind: 'map';
      readonly entries: readonly { readonly key: string; readonly value: TemplateValue }[];
      readonly span: SourceSpan;
    };
