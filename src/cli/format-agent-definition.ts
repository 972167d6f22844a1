import { formatUsd } from '../cost/format-usd.ts';
import type { CallPolicies } from '../policy/policy-options.ts';
import type { SupervisionPolicy } from '../runtime/supervisor/supervision-types.ts';
import type { AgentDefinition } from '../workflow/document/agent-definition.ts';
import type { WorkflowDocument } from '../workflow/document/workflow-document.ts';
import { formatDuration } from './format-duration.ts';

/**
 * An agent's resolved definition, for `vega show agent`: model (its own or the file's default),
 * temperature, max_tokens, tools, budget, call policies, supervision, then the system prompt.
 *
 * @example
 * formatAgentDefinition(document.agents.get('Writer')!, document);
 * // agent Writer  (hello.vega.yaml:11:3)
 * //   model        scripted:hello.replies.yaml (settings.default_model)
 * //   temperature  0.7
 * //   …
 */
export function formatAgentDefinition(agent: AgentDefinition, document: WorkflowDocument): string {
  const { settings } = document;
  const fields: [string, string][] = [];
  if (agent.name !== agent.id) fields.push(['name', agent.name]);
  fields.push([
    'model',
    agent.model ??
      (settings.defaultModel === undefined
        ? '(none: set settings.default_model or pass --model)'
        : `${settings.defaultModel} (settings.default_model)`),
  ]);
  const temperature =
    agent.temperature ??
    (settings.defaultTemperature === undefined
      ? undefined
      : `${settings.defaultTemperature} (settings.default_temperature)`);
  fields.push(['temperature', temperature === undefined ? "(the model's default)" : String(temperature)]);
  fields.push([
    'max_tokens',
    agent.maxTokens === undefined ? "(the model's default)" : String(agent.maxTokens),
  ]);
  fields.push(['tools', agent.tools.length === 0 ? '(none)' : agent.tools.join(', ')]);
  fields.push([
    'budget',
    agent.budgetUsd === undefined ? '(no cap per task)' : `${formatUsd(agent.budgetUsd)} per task`,
  ]);
  fields.push(...policyFields(agent.policies));
  fields.push(['supervision', describeSupervision(agent.supervision)]);
  const width = Math.max(...fields.map(([label]) => label.length));
  const where = `${agent.span.file}:${agent.span.line}:${agent.span.column}`;
  const from = agent.systemFile === undefined ? '' : ` (from ${agent.systemFile})`;
  return [
    `agent ${agent.id}  (${where})`,
    ...fields.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    `  system prompt${from}:`,
    ...agent.system
      .trimEnd()
      .split('\n')
      .map((line) => `    ${line}`),
  ].join('\n');
}

function policyFields(policies: CallPolicies): [string, string][] {
  const fields: [string, string][] = [];
  const { retry, rateLimit, circuitBreaker, fallbackModels } = policies;
  if (retry !== undefined) {
    const waits =
      retry.maxAttempts > 1
        ? `, ${retry.backoff} ${formatDuration(retry.initialMs)} … ${formatDuration(retry.maxMs)}`
        : '';
    fields.push(['retry', `${retry.maxAttempts} attempt${retry.maxAttempts === 1 ? '' : 's'}${waits}`]);
  }
  if (rateLimit !== undefined) {
    const rates = [
      rateLimit.requestsPerMinute === undefined ? undefined : `${rateLimit.requestsPerMinute} requests/min`,
      rateLimit.tokensPerMinute === undefined ? undefined : `${rateLimit.tokensPerMinute} tokens/min`,
      rateLimit.maxWaitMs === undefined ? undefined : `waits at most ${formatDuration(rateLimit.maxWaitMs)}`,
    ];
    fields.push(['rate_limit', rates.filter((rate) => rate !== undefined).join(', ')]);
  }
  if (circuitBreaker !== undefined) {
    fields.push([
      'circuit_breaker',
      `opens after ${circuitBreaker.threshold} failures, half-open after ${formatDuration(circuitBreaker.resetAfterMs)}`,
    ]);
  }
  if (fallbackModels !== undefined && fallbackModels.length > 0)
    fields.push(['fallback_models', fallbackModels.join(', ')]);
  if (policies.timeoutMs !== undefined) fields.push(['timeout', formatDuration(policies.timeoutMs)]);
  return fields;
}

/**
 * A supervision policy on one line.
 *
 * @example
 * describeSupervision(DEFAULT_SUPERVISION); // 'one_for_one, permanent, at most 3 restarts in 5.00 s'
 */
export function describeSupervision(policy: SupervisionPolicy): string {
  const parts = [
    policy.strategy,
    policy.restart,
    policy.escalate
      ? 'escalates failures'
      : `at most ${policy.intensity.maxRestarts} restarts in ${formatDuration(policy.intensity.windowMs)}`,
  ];
  if (policy.backoff !== undefined) {
    parts.push(
      `backoff ${policy.backoff.type} ${formatDuration(policy.backoff.initialMs)} … ${formatDuration(policy.backoff.maxMs)}`,
    );
  }
  return parts.join(', ');
}
