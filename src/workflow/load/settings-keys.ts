import { resolve } from 'node:path';
import type { SupervisionInput } from '../../runtime/supervisor/normalize-supervision.ts';
import type { Located } from '../document/located.ts';
import type { KeyTable } from './key-table.ts';
import { readNumber, readText } from './read-scalar.ts';
import { readSupervision } from './read-supervision.ts';

/** Settings while their keys are read. */
export interface SettingsDraft {
  defaultModel?: string;
  defaultTemperature?: number;
  sandbox?: string;
  /** As written; resolved on top of the defaults once every key is read. */
  supervision?: Located<SupervisionInput>;
}

/** The keys of `settings:`: implemented ones with their reader, the rest of the spec as unsupported. */
export const settingsKeys: KeyTable<SettingsDraft> = {
  place: 'in settings',
  keys: {
    default_model: (entry, context, draft) => {
      const model = readText(context, entry.value, '`settings.default_model`');
      if (model !== undefined) draft.defaultModel = model.value;
    },
    default_temperature: (entry, context, draft) => {
      const temperature = readNumber(context, entry.value, '`settings.default_temperature`', {
        integer: false,
        minimum: 0,
      });
      if (temperature !== undefined) draft.defaultTemperature = temperature.value;
    },
    sandbox: (entry, context, draft) => {
      const path = readText(context, entry.value, '`settings.sandbox`');
      if (path !== undefined) draft.sandbox = resolve(context.directory, path.value);
    },
    allowed_commands: 'unsupported',
    budget: 'unsupported',
    daily_budget: 'unsupported',
    budget_alerts: 'unsupported',
    budget_webhook: 'unsupported',
    supervision: (entry, context, draft) => {
      const block = readSupervision(context, entry, { path: 'settings.supervision', owner: '' });
      if (block !== undefined) draft.supervision = block;
    },
    retry: 'unsupported',
    rate_limit: 'unsupported',
    models: 'unsupported',
    auto_parallel: 'unsupported',
    max_depth: 'unsupported',
    logging: 'unsupported',
    tracing: 'unsupported',
    store: 'unsupported',
    mcp: 'unsupported',
    skills: 'unsupported',
  },
};
