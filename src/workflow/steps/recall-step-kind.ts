import type { RecallStep } from '../document/step.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { journaledMemory } from '../run/journaled-memory.ts';
import { requireMemory } from '../run/workflow-memory.ts';
import { assignSave } from './assign-save.ts';
import { readKeywordMap } from './read-keyword-map.ts';
import { readMemoryKey } from './read-memory-key.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

/**
 * `- recall: { key: "prefs_{{user}}", save: prefs, default: {} }`: reads persistent memory into a
 * variable; a key never remembered gives `default` (`null` when absent). Its value is what it saved.
 * In a durable run the read is journaled (`memory-read`), so a resume or replay gets the recorded
 * value, never the store's current one.
 *
 * @example
 * await stepKinds.recall.execute(step, { ...execution, memory });
 */
export const recallStepKind: StepKind<RecallStep> = {
  keyword: 'recall',
  parse(item, context) {
    const load = context.load;
    const keys = readKeywordMap(load, item, {
      keyword: 'recall',
      keys: ['key', 'save', 'default', 'id'],
      required: ['key', 'save'],
      siblings: ['id', 'save'],
      example: '- recall: { key: "prefs_{{user}}", save: prefs, default: {} }',
    });
    if (keys === undefined) return undefined;
    const key = readMemoryKey(load, keys.get('key'), 'recall');
    const save = readSaveName(load, keys.get('save'));
    const defaultEntry = keys.get('default');
    const fallback =
      defaultEntry === undefined
        ? undefined
        : readTemplateValue(load, defaultEntry.value, '`recall.default`');
    const id = readStepId(load, keys.get('id'));
    if (key === undefined || save === undefined || (defaultEntry !== undefined && fallback === undefined))
      return undefined;
    return {
      kind: 'recall',
      index: item.index,
      span: item.span,
      key,
      save,
      ...(fallback === undefined ? {} : { default: fallback }),
      ...(id === undefined ? {} : { id }),
    };
  },
  check(step, scope) {
    scope.readTemplate(step.key);
    if (step.default !== undefined) scope.readValue(step.default);
    scope.defineSave(step.save);
  },
  async execute(step, execution) {
    const memory = requireMemory(execution.memory, 'recall', step.index);
    const key = execution.evaluateText(step.key);
    const remembered = await journaledMemory(memory, execution.journal).get(key);
    const found = remembered !== undefined;
    const value = found ? remembered : step.default === undefined ? null : execution.evaluate(step.default);
    const save = assignSave(execution, step.save, value);
    return { value, details: { kind: 'recall', memoryKey: key, save, found } };
  },
};
