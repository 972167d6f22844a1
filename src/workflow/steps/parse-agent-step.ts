import { isMap, isScalar } from 'yaml';
import { didYouMean } from '../../diagnostics/closest-name.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Located } from '../document/located.ts';
import type { AgentStep } from '../document/step.ts';
import { describeNode } from '../load/describe-node.ts';
import type { LoadContext } from '../load/load-context.ts';
import { type MapEntry, readMapEntries } from '../load/map-entries.ts';
import { readExpression } from '../load/read-expression.ts';
import { readTemplate } from '../load/read-template.ts';
import type { Template } from '../template/template.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readJsonSchema } from './read-json-schema.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import { readStepPolicies } from './read-step-policies.ts';
import { AGENT_STEP_KEYS } from './step-keys.ts';
import type { StepItem, StepParseContext } from './step-kind.ts';

/**
 * Reads an agent step in either form: `- Coder: "Just do {{task}}"` with sibling keys, or
 * `- Coder writes the code: { send, save, id }`. The key's first word is the agent, the rest its
 * description; modifiers may sit beside the key or inside its map, not both. `if:` is a braceless
 * expression: when it is falsy the step is skipped. The traffic and cost
 * modifiers (`budget`, `timeout`, `retry`, `rate_limit`, `circuit_breaker`, `fallback_models`) are
 * read by {@link readStepPolicies}.
 *
 * @example
 * const step = parseAgentStep(item, { load, agents, workflow: 'code-review' });
 */
export function parseAgentStep(item: StepItem, context: StepParseContext): AgentStep | undefined {
  const load = context.load;
  const { primary } = item;
  const [agent = '', ...words] = primary.key.trim().split(/\s+/);
  const description = words.join(' ');
  const agentSpan = agentNameSpan(load, primary, agent);
  if (!context.agents.has(agent)) {
    const hint = didYouMean(agent, context.agents.keys(), 'agents defined');
    load.report(
      'error',
      'unknown_agent',
      `unknown agent '${agent}' in workflow '${context.workflow}'`,
      agentSpan,
      hint,
    );
  }

  let inline: Template | undefined;
  let inner: readonly MapEntry[] = [];
  if (isMap(primary.value)) {
    inner = readMapEntries(load, primary.value, `step '${primary.key}'`) ?? [];
  } else if (isScalar(primary.value) && primary.value.value !== null) {
    inline = readTemplate(load, primary.value, `the message to ${agent}`);
  } else if (primary.value !== null && !isScalar(primary.value)) {
    load.report(
      'error',
      'invalid_type',
      `the value of an agent step must be a message or a map, got ${describeNode(primary.value)}`,
      primary.valueSpan,
    );
  }
  const siblings = item.entries.filter((entry) => entry !== primary);
  const keys = collectStepKeys(load, [...inner, ...siblings], AGENT_STEP_KEYS, 'an agent step');

  const send = keys.get('send');
  if (send !== undefined && inline !== undefined) {
    load.report(
      'error',
      'conflicting_keys',
      `the message to ${agent} is given twice`,
      send.keySpan,
      'keep either the text after the agent or `send:`',
    );
  }
  const message = inline ?? (send === undefined ? undefined : readTemplate(load, send.value, '`send`'));
  if (message === undefined) {
    if (send === undefined && inline === undefined) {
      load.report(
        'error',
        'missing_key',
        `this step sends nothing to ${agent}`,
        primary.keySpan,
        `write \`- ${agent}: "your message"\` or add \`send:\``,
      );
    }
    return undefined;
  }
  const save = readSaveName(load, keys.get('save'));
  const id = readStepId(load, keys.get('id'));
  const ifEntry = keys.get('if');
  const condition = ifEntry === undefined ? undefined : readExpression(load, ifEntry.value, '`if`');
  const continueEntry = keys.get('continue_on_error');
  const continueOnError =
    continueEntry === undefined ? undefined : readFlag(load, continueEntry, '`continue_on_error`');
  const policies = readStepPolicies(load, keys, context.agents.get(agent));
  const reply = readReplyOptions(load, keys);
  const onTimeoutEntry = keys.get('on_timeout');
  const onTimeout =
    onTimeoutEntry === undefined ? undefined : context.parseBlock(onTimeoutEntry.value, '`on_timeout`');
  if (onTimeoutEntry !== undefined && policies.timeoutMs === undefined && keys.get('timeout') === undefined) {
    load.report(
      'error',
      'missing_key',
      '`on_timeout` needs a `timeout` on the same step',
      onTimeoutEntry.keySpan,
      'add `timeout: 5m` (or another duration) beside it',
    );
  }
  return {
    kind: 'agent',
    index: item.index,
    span: item.span,
    agent,
    agentSpan,
    message,
    ...(description === '' ? {} : { description }),
    ...(save === undefined ? {} : { save }),
    ...(id === undefined ? {} : { id }),
    ...(condition === undefined ? {} : { condition }),
    ...(continueOnError === undefined ? {} : { continueOnError }),
    ...policies,
    ...reply,
    ...(onTimeout === undefined ? {} : { onTimeout }),
  };
}

/** `format`, `schema` and `fresh`: how the reply is read and which conversation the call continues. */
function readReplyOptions(
  load: LoadContext,
  keys: ReadonlyMap<string, MapEntry>,
): Pick<AgentStep, 'format' | 'schema' | 'fresh'> {
  const formatEntry = keys.get('format');
  let format: Located<'json'> | undefined;
  if (formatEntry !== undefined) {
    const node = formatEntry.value;
    if (isScalar(node) && node.value === 'json') {
      format = { value: 'json', span: formatEntry.valueSpan };
    } else {
      const written = isScalar(node) ? String(node.value) : describeNode(node);
      load.report(
        'error',
        'invalid_value',
        `\`format\` must be json, got ${written}`,
        formatEntry.valueSpan,
        'write `format: json` to parse the reply as JSON; without `format` the reply is text',
      );
    }
  }
  const schemaEntry = keys.get('schema');
  const schema = schemaEntry === undefined ? undefined : readJsonSchema(load, schemaEntry.value, '`schema`');
  if (schemaEntry !== undefined && formatEntry === undefined) {
    load.report(
      'error',
      'missing_key',
      '`schema` needs `format: json` on the same step',
      schemaEntry.keySpan,
      'add `format: json` beside it',
    );
  }
  const freshEntry = keys.get('fresh');
  const fresh = freshEntry === undefined ? undefined : readFlag(load, freshEntry, '`fresh`');
  return {
    ...(format === undefined ? {} : { format }),
    ...(schema === undefined || schemaEntry === undefined
      ? {}
      : { schema: { value: schema, span: schemaEntry.valueSpan } }),
    ...(fresh === undefined ? {} : { fresh }),
  };
}

function readFlag(load: LoadContext, entry: MapEntry, label: string): Located<boolean> | undefined {
  const node = entry.value;
  if (isScalar(node) && typeof node.value === 'boolean') return { value: node.value, span: entry.valueSpan };
  load.report(
    'error',
    'invalid_type',
    `${label} must be true or false, got ${describeNode(node)}`,
    entry.valueSpan,
  );
  return undefined;
}

function agentNameSpan(load: LoadContext, primary: MapEntry, agent: string): SourceSpan {
  const range = primary.keyNode.range;
  if (range === undefined || range === null) return primary.keySpan;
  const raw = load.source.slice(range[0], range[1]);
  const offset = raw.indexOf(agent);
  return offset === -1 ? primary.keySpan : load.spanAt(range[0] + offset, agent.length);
}
