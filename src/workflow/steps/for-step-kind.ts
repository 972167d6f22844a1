import { isScalar } from 'yaml';
import type { Located } from '../document/located.ts';
import type { ForStep, Step } from '../document/step.ts';
import { checkVariableName } from '../load/check-variable-name.ts';
import { describeNode } from '../load/describe-node.ts';
import type { LoadContext } from '../load/load-context.ts';
import { readBoolean } from '../load/read-boolean.ts';
import { expressionTemplate, locateText } from '../load/read-expression.ts';
import { readNumber } from '../load/read-scalar.ts';
import { resolveNode } from '../load/resolve-node.ts';
import { stepValueError } from '../run/step-value-error.ts';
import { describeValue } from '../template/plain-values.ts';
import type { Template } from '../template/template.ts';
import { assignSave } from './assign-save.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { loopVariables } from './loop-variables.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import type { StepKind } from './step-kind.ts';

const HEADER = /^(\s*)([^\s]+)\s+in\s+(\S[\s\S]*)$/;
const EXAMPLE = '`- for: item in items` with `steps: [ … ]` beside it';
/** The loop variable of `for: items`, written without a name. */
const DEFAULT_VARIABLE = 'item';

/**
 * `- for: item in items` with `steps: [...]` beside it, or `- for item in items:` with the steps as its
 * value: runs the block once per item of the list (an expression without braces; `"{{items}}"` too),
 * with the item as the name written, or `item` when the header is just the list (`- for: items`), and `loop.index`, `loop.count`, `loop.first`,
 * `loop.last`, `loop.length`. Iteration `n`'s steps are keyed `step-<i>/for/<n>/<j>`. Its value is the
 * list of each iteration's last value, in input order; `save:` keeps it. With `concurrency: N` (N > 1),
 * up to N iterations run at once, each on a snapshot of the variables taken when the step starts, and
 * what they save is merged in input order once all have ended (see `StepExecution.runBranches`;
 * `fail_fast: true` cancels the others at the first failure).
 *
 * @example
 * await stepKinds.for.execute(step, execution);
 */
export const forStepKind: StepKind<ForStep> = {
  keyword: 'for',
  parse(item, context) {
    const load = context.load;
    const inKey = item.primary.key !== 'for';
    const keys = collectStepKeys(
      load,
      item.entries.filter((entry) => entry !== item.primary),
      inKey
        ? ['save', 'id', 'concurrency', 'fail_fast']
        : ['steps', 'save', 'id', 'concurrency', 'fail_fast'],
      'a `for` step',
    );
    const header = inKey
      ? readHeader(load, item.primary.key, locateText(load, item.primary.keyNode, item.primary.key))
      : readHeaderNode(load, item.primary.value, item.primary.keySpan);
    const stepsEntry = inKey ? item.primary : keys.get('steps');
    if (stepsEntry === undefined) {
      load.report(
        'error',
        'missing_key',
        '`for` needs its `steps`',
        item.primary.keySpan,
        `write it as ${EXAMPLE}`,
      );
    }
    const steps: Step[] = stepsEntry === undefined ? [] : context.parseBlock(stepsEntry.value, '`for` steps');
    const concurrency = keys.get('concurrency');
    const limit =
      concurrency === undefined
        ? undefined
        : readNumber(load, concurrency.value, '`concurrency`', { integer: true, minimum: 1 });
    const failFastEntry = keys.get('fail_fast');
    const failFast =
      failFastEntry === undefined ? undefined : readBoolean(load, failFastEntry.value, '`fail_fast`');
    const save = readSaveName(load, keys.get('save'));
    const id = readStepId(load, keys.get('id'));
    if (header === undefined || stepsEntry === undefined) return undefined;
    return {
      kind: 'for',
      index: item.index,
      span: item.span,
      variable: header.variable,
      items: header.items,
      steps,
      ...(save === undefined ? {} : { save }),
      ...(id === undefined ? {} : { id }),
      ...(limit === undefined ? {} : { concurrency: limit }),
      ...(failFast === undefined ? {} : { failFast }),
    };
  },
  check(step, scope, checkBlock) {
    scope.readTemplate(step.items);
    scope.local([step.variable, { value: 'loop', span: step.variable.span }], () =>
      scope.loop(() => checkBlock(step.steps)),
    );
    if (step.save !== undefined) scope.defineSave(step.save);
  },
  async execute(step, execution) {
    const items = execution.evaluate({
      kind: 'template',
      template: step.items,
      span: step.items.span ?? step.span,
    });
    if (!Array.isArray(items))
      throw stepValueError(
        execution.document,
        step.items.span ?? step.span,
        `\`for\` needs a list, got ${describeValue(items)}`,
        'give `for` a list, like `for: item in items` where `items` is a list',
      );
    const concurrency = step.concurrency?.value ?? 1;
    if (concurrency > 1) {
      const values = await execution.runBranches(
        items.length,
        {
          path: 'for',
          concurrency,
          ...(step.failFast === undefined ? {} : { failFast: step.failFast.value }),
        },
        (index, branch) => {
          // The branch's bindings live in its own snapshot, which is dropped when it ends.
          branch.bind(step.variable.value, items[index]);
          branch.bind('loop', loopVariables(index, items.length));
          return branch.runBlock(step.steps, `for/${index}`);
        },
      );
      if (step.save !== undefined) assignSave(execution, step.save, values);
      return { value: values, details: { kind: 'for', iterations: items.length } };
    }
    const values: unknown[] = [];
    for (const [index, value] of items.entries()) {
      const restoreItem = execution.bind(step.variable.value, value);
      const restoreLoop = execution.bind('loop', loopVariables(index, items.length));
      try {
        values.push(await execution.runBlock(step.steps, `for/${index}`));
      } finally {
        restoreLoop();
        restoreItem();
      }
    }
    if (step.save !== undefined) assignSave(execution, step.save, values);
    return { value: values, details: { kind: 'for', iterations: items.length } };
  },
};

function readHeaderNode(load: LoadContext, raw: Parameters<typeof resolveNode>[1], keySpan: ForStep['span']) {
  const node = resolveNode(load, raw);
  if (!isScalar(node) || typeof node.value !== 'string') {
    load.report(
      'error',
      'invalid_type',
      `\`for\` must be \`<name> in <list>\` or an expression giving a list, got ${describeNode(node)}`,
      node === null ? keySpan : load.spanOf(node),
      `write it as ${EXAMPLE}`,
    );
    return undefined;
  }
  return readHeader(load, node.value, locateText(load, node, node.value));
}

function readHeader(
  load: LoadContext,
  text: string,
  locate: (offset: number, length: number) => ForStep['span'],
): { variable: Located<string>; items: Template } | undefined {
  const body = text.replace(/^for\s+/, '');
  const shift = text.length - body.length;
  const match = HEADER.exec(body);
  if (match === null)
    return readDefaultHeader(load, body, (offset, length) => locate(shift + offset, length));
  const [, space = '', name = '', written = ''] = match;
  // `for: item in "{{items}}"`: the quotes are part of the YAML text, not a string of the expression.
  const quoted = /^(["'])\{\{[\s\S]*\}\}\1$/.test(written.trim());
  const list = quoted ? written.trim().slice(1, -1) : written;
  const variable = { value: name, span: locate(shift + space.length, name.length) };
  if (!checkVariableName(load, name, variable.span, 'loop variable')) return undefined;
  const listOffset = shift + body.length - written.length + (quoted ? 1 : 0);
  const items = expressionTemplate(
    load,
    list,
    (offset, length) => locate(listOffset + offset, length),
    locate(listOffset, list.length),
    '`for`',
  );
  return items === undefined ? undefined : { variable, items };
}

/** `for: items` (or `for: "{{items}}"`): the whole text is the list, and the loop variable is `item`. */
function readDefaultHeader(
  load: LoadContext,
  text: string,
  locate: (offset: number, length: number) => ForStep['span'],
): { variable: Located<string>; items: Template } | undefined {
  if (text.trim() === '') {
    load.report(
      'error',
      'invalid_value',
      '`for` needs a list',
      locate(0, text.length),
      `write it as ${EXAMPLE}`,
    );
    return undefined;
  }
  const items = expressionTemplate(load, text, locate, locate(0, text.length), '`for`');
  return items === undefined
    ? undefined
    : { variable: { value: DEFAULT_VARIABLE, span: locate(0, text.length) }, items };
}
