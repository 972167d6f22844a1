import type { RememberStep } from '../document/step.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { journaledMemory } from '../run/journaled-memory.ts';
import { requireMemory } from '../run/workflow-memory.ts';
import { readKeywordMap } from './read-keyword-map.ts';
import { readMemoryKey } from './read-memory-key.ts';
import { readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }`: keeps a value in persistent memory,
 * where a `recall` of a later run finds it. Its value is the value it kept. In a durable run the write
 * is journaled (`memory-write`), so a resumed run does not write twice.
 *
 * @example
 * await stepKinds.remember.execute(step, { ...execution, memory });
 */
export const rememberStepKind: StepKind<RememberStep> = {
  keyword: 'remember',
  parse(item, context) {
    const load = context.load;
    const keys = readKeywordMap(load, item, {
      keyword: 'remember',
      keys: ['key', 'value', 'id'],
      required: ['key', 'value'],
      siblings: ['id'],
      example: '- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }',
    });
    if (keys === undefined) return undefined;
    const key = readMemoryKey(load, keys.get('key'), 'remember');
    const valueEntry = keys.get('value');
    const value =
      valueEntry === undefined ? undefined : readTemplateValue(load, valueEntry.value, '`remember.value`');
    const id = readStepId(load, keys.get('id'));
    if (key === undefined || value === undefined) return undefined;
    return {
      kind: 'remember',
      index: item.index,
      span: item.span,
      key,
      value,
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope) {
    scope.readTemplate(step.key);
    scope.readValue(step.value);
  },
  async execute(step, execution) {
    const memory = requireMemory(execution.memory, 'remember', step.index);
    const key = execution.evaluateText(step.key);
    const value = execution.evaluate(step.value) ?? null;
    await journaledMemory(memory, execution.journal).set(key, value);
    return { value, details: { kind: 'remember', memoryKey: key } };
  },
};
