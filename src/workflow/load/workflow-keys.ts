import type { ParsedNode } from 'yaml';
import type { InputDefinition } from '../document/workflow-definition.ts';
import type { KeyTable } from './key-table.ts';
import { parseInputs } from './parse-inputs.ts';
import { readText } from './read-scalar.ts';

/** A workflow while its keys are read; steps and output wait until inputs are known. */
export interface WorkflowDraft {
  readonly name: string;
  description?: string;
  inputs: InputDefinition[];
  steps?: ParsedNode | null;
  output?: ParsedNode | null;
}

/** The keys of a workflow. */
export const workflowKeys: KeyTable<WorkflowDraft> = {
  place: 'on workflows',
  keys: {
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, `\`description\` of workflow '${draft.name}'`);
      if (description !== undefined) draft.description = description.value;
    },
    inputs: (entry, context, draft) => {
      draft.inputs = parseInputs(context, entry.value, draft.name);
    },
    steps: (entry, _context, draft) => {
      draft.steps = entry.value;
    },
    output: (entry, _context, draft) => {
      draft.output = entry.value;
    },
  },
};
