import { resolve } from 'node:path';
import type { McpSettings } from '../../mcp/mcp-server-config.ts';
import type { CircuitBreakerOptions, OnExceed, RetryOptions } from '../../policy/policy-options.ts';
import type { SupervisionInput } from '../../runtime/supervisor/normalize-supervision.ts';
import type { ModelPrice } from '../../spec/cost.ts';
import type { Located } from '../document/located.ts';
import type { LoggingSettings, TracingSettings } from '../document/observability-settings.ts';
import type { RateLimitSettings, SkillsSettings } from '../document/workflow-document.ts';
import type { WrittenBlock } from './block-draft.ts';
import type { KeyTable } from './key-table.ts';
import { readBoolean } from './read-boolean.ts';
import { readBudgetAlerts } from './read-budget-alerts.ts';
import { readChoice } from './read-choice.ts';
import { readCircuitBreaker } from './read-circuit-breaker.ts';
import { readHttpUrl } from './read-http-url.ts';
import { readLoggingSettings } from './read-logging-settings.ts';
import { readMcpSettings } from './read-mcp-settings.ts';
import { readModelSettings } from './read-model-settings.ts';
import { readMoney } from './read-money.ts';
import { readRetry } from './read-retry.ts';
import { readNameList, readNumber, readText } from './read-scalar.ts';
import { readSettingsRateLimit } from './read-settings-rate-limit.ts';
import { readSkillsSettings } from './read-skills.ts';
import { readSupervision } from './read-supervision.ts';
import { readTracingSettings } from './read-tracing-settings.ts';

/** The words of `settings.on_exceed`. */
export const ON_EXCEED_CHOICES: readonly OnExceed[] = ['block', 'warn', 'pause'];

/** Settings while their keys are read. */
export interface SettingsDraft {
  /** `models:` aliases: alias → model name. */
  modelAliases?: Readonly<Record<string, string>>;
  /** `models.prices:` — model → price per million tokens. */
  prices?: Readonly<Record<string, ModelPrice>>;
  defaultModel?: string;
  defaultTemperature?: number;
  sandbox?: string;
  allowedCommands?: readonly string[];
  allowedHosts?: readonly string[];
  store?: string;
  /** As written; resolved on top of the defaults once every key is read. */
  supervision?: Located<SupervisionInput>;
  budgetUsd?: number;
  maxDepth?: number;
  dailyBudgetUsd?: number;
  budgetAlerts?: readonly number[];
  budgetWebhook?: string;
  onExceed?: OnExceed;
  /** As written; resolved over `DEFAULT_RETRY` once every key is read. */
  retry?: WrittenBlock<RetryOptions>;
  rateLimit?: RateLimitSettings;
  /** As written; resolved over `DEFAULT_CIRCUIT_BREAKER` once every key is read. */
  circuitBreaker?: WrittenBlock<CircuitBreakerOptions>;
  autoParallel?: boolean;
  mcp?: McpSettings;
  skills?: SkillsSettings;
  logging?: LoggingSettings;
  tracing?: TracingSettings;
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
    allowed_commands: (entry, context, draft) =>
      assign(
        draft,
        'allowedCommands',
        readNameList(context, entry.value, '`settings.allowed_commands`').map((name) => name.value),
      ),
    // An extension beyond the spec: the hosts `http_get` and `http_post` may reach (see decision 0012).
    allowed_hosts: (entry, context, draft) =>
      assign(
        draft,
        'allowedHosts',
        readNameList(context, entry.value, '`settings.allowed_hosts`').map((name) => name.value),
      ),
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
    models: (entry, context, draft) => {
      const models = readModelSettings(context, entry);
      if (models?.aliases !== undefined) draft.modelAliases = models.aliases;
      if (models?.prices !== undefined) draft.prices = models.prices;
    },
    auto_parallel: (entry, context, draft) =>
      assign(draft, 'autoParallel', readBoolean(context, entry.value, '`settings.auto_parallel`')?.value),
    max_depth: (entry, context, draft) =>
      assign(
        draft,
        'maxDepth',
        readNumber(context, entry.value, '`settings.max_depth`', { integer: true, minimum: 1 })?.value,
      ),
    logging: (entry, context, draft) => assign(draft, 'logging', readLoggingSettings(context, entry)),
    tracing: (entry, context, draft) => assign(draft, 'tracing', readTracingSettings(context, entry)),
    store: (entry, context, draft) => {
      const location = readText(context, entry.value, '`settings.store`');
      if (location === undefined) return;
      // A PostgreSQL URL is used as written; an SQLite path is relative to the workflow file.
      const url = /^postgres(ql)?:\/\//.test(location.value) || location.value === ':memory:';
      draft.store = url ? location.value : resolve(context.directory, location.value);
    },
    mcp: (entry, context, draft) => assign(draft, 'mcp', readMcpSettings(context, entry)),
    skills: (entry, context, draft) => assign(draft, 'skills', readSkillsSettings(context, entry)),
  },
};

function assign<Key extends keyof SettingsDraft>(
  draft: SettingsDraft,
  key: Key,
  value: SettingsDraft[Key] | undefined,
): void {
  if (value !== undefined) draft[key] = value;
}
