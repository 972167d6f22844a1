import { isScalar } from 'yaml';
import type { InputType } from '../document/workflow-definition.ts';
import { describeNode } from './describe-node.ts';
import type { KeyTable } from './key-table.ts';
import { readEnumList } from './read-enum-list.ts';
import { readPlainValue } from './read-plain-value.ts';
import { readText } from './read-scalar.ts';
import { readValueType } from './read-value-type.ts';
import { resolveNode } from './resolve-node.ts';

/** A custom tool's parameter while its keys are read. */
export interface ToolParamDraft {
  /** The owner, for messages: `param 'channel' of tool 'send_slack'`. */
  readonly owner: string;
  name?: string;
  type?: InputType;
  description?: string;
  required?: boolean;
  /** Wrapped, because `null` is a valid default. */
  default?: { value: unknown };
  enum?: unknown[];
}

const label = (key: string, draft: ToolParamDraft): string => `\`${key}\` of ${draft.owner}`;

/** The keys of a custom tool's parameter; `name` is read only in the list form. */
export const toolParamKeys: KeyTable<ToolParamDraft> = {
  place: 'on tool params',
  keys: {
    name: (entry, context, draft) => {
      const name = readText(context, entry.value, label('name', draft));
      if (name !== undefined) draft.name = name.value;
    },
    type: (entry, context, draft) => {
      const type = readValueType(
        context,
        entry,
        label('type', draft),
        (name) => `unknown parameter type '${name}' for ${draft.owner}`,
      );
      if (type !== undefined) draft.type = type;
    },
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, label('description', draft));
      if (description !== undefined) draft.description = description.value;
    },
    required: (entry, context, draft) => {
      const node = resolveNode(context, entry.value);
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === 'boolean') {
        draft.required = value;
        return;
      }
      context.report(
        'error',
        'invalid_type',
        `${label('required', draft)} must be true or false, got ${describeNode(node)}`,
        entry.valueSpan,
      );
    },
    default: (entry, context, draft) => {
      draft.default = { value: readPlainValue(context, entry.value) };
    },
    enum: (entry, context, draft) => {
      const values = readEnumList(context, entry, label('enum', draft));
      if (values !== undefined) draft.enum = values;
    },
  },
};
