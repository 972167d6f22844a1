import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { FieldSpans } from './located.ts';
import type { Step } from './step.ts';
import type { TemplateValue } from './template-value.ts';

/** The types an input may declare. */
export type InputType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

/** One declared input of a workflow. `required` is true unless it has a `default`. */
export interface InputDefinition {
  readonly name: string;
  readonly type: InputType;
  readonly required: boolean;
  readonly description?: string;
  /** Present only when the file declares one (it may be `null`). */
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly min?: number;
  readonly max?: number;
  /** The input's name in the file. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}

/**
 * A workflow as declared under `workflows:`.
 *
 * @example
 * const workflow = document.workflows.get('code-review');
 * workflow?.inputs.map((input) => input.name);
 */
export interface WorkflowDefinition {
  readonly name: string;
  readonly description?: string;
  readonly inputs: readonly InputDefinition[];
  readonly steps: readonly Step[];
  /** `output:`; without it the result is the last step's value. */
  readonly output?: TemplateValue;
  /** The workflow's key. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}
