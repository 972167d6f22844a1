import type { KeyTable } from './key-table.ts';
import type { MapEntry } from './map-entries.ts';
import { readText } from './read-scalar.ts';

/** The top of a file while its keys are read; blocks wait until their dependencies are known. */
export interface DocumentDraft {
  name?: string;
  description?: string;
  settings?: MapEntry;
  agents?: MapEntry;
  workflows?: MapEntry;
  tools?: MapEntry;
  /** `include:` — read by `readIncludes` once the file's keys are known. */
  include?: MapEntry;
}

/** The keys of a workflow file. */
export const documentKeys: KeyTable<DocumentDraft> = {
  place: 'in a workflow file',
  keys: {
    name: (entry, context, draft) => {
      const name = readText(context, entry.value, '`name`');
      if (name !== undefined) draft.name = name.value;
    },
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, '`description`');
      if (description !== undefined) draft.description = description.value;
    },
    settings: (entry, _context, draft) => {
      draft.settings = entry;
    },
    agents: (entry, _context, draft) => {
      draft.agents = entry;
    },
    workflows: (entry, _context, draft) => {
      draft.workflows = entry;
    },
    include: (entry, _context, draft) => {
      draft.include = entry;
    },
    tools: (entry, _context, draft) => {
      draft.tools = entry;
    },
  },
};
