import type { ParsedNode } from 'yaml';
import type { ToolCapabilities, ToolParamDefinition } from '../document/custom-tool-definition.ts';
import { applyKeyTable, type KeyTable } from './key-table.ts';
import type { LoadContext } from './load-context.ts';
import type { MapEntry } from './map-entries.ts';
import { readMapEntries } from './map-entries.ts';
import { parseToolParams } from './parse-tool-params.ts';
import { readNameList, readText } from './read-scalar.ts';
import { resolveNode } from './resolve-node.ts';

/** A custom tool while its keys are read; `implementation` waits until every key is known. */
export interface CustomToolDraft {
  readonly name: string;
  description?: string;
  params: ToolParamDefinition[];
  implementation?: MapEntry;
  capabilities: { -readonly [Key in keyof ToolCapabilities]: ToolCapabilities[Key] };
}

const label = (key: string, draft: CustomToolDraft): string => `\`${key}\` of tool '${draft.name}'`;

/** The keys of a custom tool under `tools:`. */
export const customToolKeys: KeyTable<CustomToolDraft> = {
  place: 'on tools',
  keys: {
    description: (entry, context, draft) => {
      const description = readText(context, entry.value, label('description', draft));
      if (description !== undefined) draft.description = description.value;
    },
    params: (entry, context, draft) => {
      draft.params = parseToolParams(context, entry.value, draft.name);
    },
    implementation: (entry, _context, draft) => {
      draft.implementation = entry;
    },
    capabilities: (entry, context, draft) => {
      if (resolveNode(context, entry.value) === null) return;
      const entries = readMapEntries(context, entry.value, label('capabilities', draft)) ?? [];
      applyKeyTable(context, entries, capabilityKeys, draft, label('capabilities', draft));
    },
  },
};

const CAPABILITY_KEYS = {
  allowed_hosts: 'allowedHosts',
  allowed_paths: 'allowedPaths',
  allowed_commands: 'allowedCommands',
} as const;

/** The keys of `capabilities:`, each a list of names. */
export const capabilityKeys: KeyTable<CustomToolDraft> = {
  place: 'in tool capabilities',
  keys: Object.fromEntries(
    Object.entries(CAPABILITY_KEYS).map(([key, field]) => [
      key,
      (entry: MapEntry, context: LoadContext, draft: CustomToolDraft) => {
        draft.capabilities[field] = readList(
          context,
          entry.value,
          `\`capabilities.${key}\` of tool '${draft.name}'`,
        );
      },
    ]),
  ),
};

function readList(context: LoadContext, raw: ParsedNode | null, label: string): string[] {
  if (resolveNode(context, raw) === null) return [];
  return readNameList(context, raw, label).map((name) => name.value);
}
