import { resolve } from 'node:path';
import type { CircuitBreakerOptions, OnExceed, RetryOptions } from '../../policy/policy-options.ts';
import type { SupervisionInput } from '../../runtime/supervisor/normalize-supervision.ts';
import type { Located } from '../document/located.ts';
import type { RateLimitSettings } from '../document/workflow-document.ts';
import type { WrittenBlock } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import { readBudgetAlerts } from './read-budget-alerts.ts';
import { readChoice } from './read-choice.ts';
import { readCircuitBreaker } from './read-circuit-breaker.ts';
import { readHttpUrl } from './read-http-url.ts';
import { readMoney } from './read-money.ts';
import { readRetry } from './read-retry.ts';
import { readNumber, readText } from './read-scalar.ts';
import { readSettingsRateLimit } from './read-settings-rate-limit.ts';
import { readSupervision } from './read-supervision.ts';

/** The words of `settings.on_exceed`. */
export const ON_EXCEED_CHOICES: readonly OnExceed[] = ['block', 'warn', 'pause'];

/** Settings while their keys are read. */
export interface SettingsDraft {
  defaultModel?: string;
  defaultTemperature?: number;
  sandbox?: string;
  store?: string;
  /** As written; resolved on top of the defaults once every key is read. */
  supervision?: Located<SupervisionInput>;
  budgetUsd?: number;
  dailyBudgetUsd?: number;
  budgetAlerts?: readonly number[];
  budgetWebhook?: string;
  onExceed?: OnExceed;
  /** As written; resolved over `DEFAULT_RETRY` once every key is read. */
  retry?: WrittenBlock<RetryOptions>;
  rateLimit?: RateLimitSettings;
  /** As written; resolved over `DEFAULT_CIRCUIT_BREAKER` once every key is read. */
  circuitBreaker?: WrittenBlock<CircuitBreakerOptions>;
}

/**
 * The keys of `settings:`: implemented ones with their reader, the rest of the spec as unsupported.
 * Two keys are extensions beyond the spec: `on_exceed: block | warn | pause` (what a budget does when a
 * call does not fit; default `block`) and `circuit_breaker:` (the agents' default breaker, as on agents).
 */
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
    budget: (entry, context, draft) =>
      assign(draft, 'budgetUsd', readMoney(context, entry.value, '`settings.budget`')?.value),
    daily_budget: (entry, context, draft) =>
      assign(draft, 'dailyBudgetUsd', readMoney(context, entry.value, '`settings.daily_budget`')?.value),
    budget_alerts: (entry, context, draft) =>
      assign(draft, 'budgetAlerts', readBudgetAlerts(context, entry.value, '`settings.budget_alerts`')),
    budget_webhook: (entry, context, draft) =>
      assign(draft, 'budgetWebhook', readHttpUrl(context, entry.value, '`settings.budget_webhook`')?.value),
    on_exceed: (entry, context, draft) =>
      assign(
        draft,
        'onExceed',
        readChoice(context, entry.value, '`settings.on_exceed`', ON_EXCEED_CHOICES)?.value,
      ),
    supervision: (entry, context, draft) => {
      const block = readSupervision(context, entry, { path: 'settings.supervision', owner: '' });
      if (block !== undefined) draft.supervision = block;
    },
    retry: (entry, context, draft) =>
      assign(draft, 'retry', readRetry(context, entry, { path: 'settings.retry', owner: '' })),
    rate_limit: (entry, context, draft) => assign(draft, 'rateLimit', readSettingsRateLimit(context, entry)),
    circuit_breaker: (entry, context, draft) =>
      assign(
        draft,
        'circuitBreaker',
        readCircuitBreaker(context, entry, { path: 'settings.circuit_breaker', owner: '' }),
      ),
    models: 'unsupported',
    auto_parallel: 'unsupported',
    max_depth: 'unsupported',
    logging: 'unsupported',
    tracing: 'unsupported',
    store: (entry, context, draft) => {
      const location = readText(context, entry.value, '`settings.store`');
      if (location === undefined) return;
      // A PostgreSQL URL is used as written; an SQLite path is relative to the workflow file.
      const url = /^postgres(ql)?:\/\//.test(location.value) || location.value === ':memory:';
      draft.store = url ? location.value : resolve(context.directory, location.value);
    },
    mcp: 'unsupported',
    skills: 'unsupported',
  },
};

function assign<Key extends keyof SettingsDraft>(
  draft: SettingsDraft,
  key: Key,
  value: SettingsDraft[Key] | undefined,
): void {
  if (value !== undefined) draft[key] = value;
}
