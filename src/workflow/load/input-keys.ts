import type { InputType } from '../document/workflow-definition.ts';
import type { KeyTable } from './key-table.ts';
import { readEnumList } from './read-enum-list.ts';
import { readPlainValue } from './read-plain-value.ts';
import { readNumber, readText } from './read-scalar.ts';
import { readValueType } from './read-value-type.ts';

/** An input while its keys are read. */
export interface InputDraft {
  readonly name: string;
  type?: InputType;
  description?: string;
  /** Wrapped, because `null` is a valid default. */
  default?: { value: unknown };
  enum?: unknown[];
  min?: number;
  max?: number;
}

const label = (key: string, draft: InputDraft): string => `\`${key}\` of input '${draft.name}'`;

/** The keys of an input declared in map form. */
export const inputKeys: KeyTable<InputDraft> = {
  place: 'on inputs',
  keys: {
    type: (entry, context, draft) => {
      const type = readValueType(
        context,
        entry,
        label('type', draft),
        (name) => `unknown input type '${name}'`,
      );
      if (type !== undefined) draft.type = type;
    },
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, label('description', draft));
      if (description !== undefined) draft.description = description.value;
    },
    default: (entry, context, draft) => {
      draft.default = { value: readPlainValue(context, entry.value) };
    },
    enum: (entry, context, draft) => {
      const values = readEnumList(context, entry, label('enum', draft));
      if (values !== undefined) draft.enum = values;
    },
    min: (entry, context, draft) => {
      const min = readNumber(context, entry.value, label('min', draft), { integer: false });
      if (min !== undefined) draft.min = min.value;
    },
    max: (entry, context, draft) => {
      const max = readNumber(context, entry.value, label('max', draft), { integer: false });
      if (max !== undefined) draft.max = max.value;
    },
  },
};
