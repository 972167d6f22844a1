import { isMap, isScalar, isSeq } from 'yaml';
import { didYouMean } from '../../diagnostics/closest-name.ts';
import type { Located } from '../document/located.ts';
import type { AgentStep, ParallelStep, Step } from '../document/step.ts';
import type { TemplateValue } from '../document/template-value.ts';
import { describeNode } from '../load/describe-node.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import { readBoolean } from '../load/read-boolean.ts';
import { readText } from '../load/read-scalar.ts';
import { readTemplateValue } from '../load/read-template.ts';
import { resolveNode } from '../load/resolve-node.ts';
import type { StepExecution } from '../run/step-execution.ts';
import { stepValueError } from '../run/step-value-error.ts';
import { describeValue } from '../template/plain-values.ts';
import { stringifyValue } from '../template/stringify-value.ts';
import { assignSave } from './assign-save.ts';
import { collectStepKeys } from './collect-step-keys.ts';
import { readKeywordMap } from './read-keyword-map.ts';
import { readSaveName, readStepId } from './read-step-names.ts';
import type { StepKind, StepParseContext } from './step-kind.ts';

const SIBLINGS = ['id', 'save', 'fail_fast'];
const AGENT_EXAMPLE = '- parallel: { agent: Analyzer, inputs: ["doc 1", "doc 2"], save: analyses }';
const SHAPES = 'a list of steps, or a map with `agent` and `inputs`';

/**
 * `- parallel: [ steps… ]` runs the listed steps concurrently, each a branch keyed
 * `step-<i>/parallel/<b>`; `- parallel: { agent: Analyzer, inputs: [...] }` sends each input (a list,
 * or a template giving one) to the agent, the call for input `b` being the agent step
 * `step-<i>/parallel/<b>`. Branches read a snapshot of the variables; what they save is merged in
 * branch order once all have ended. The step's value, kept by `save:`, is the list of the branches'
 * values (the replies) in branch order. A failing branch fails the step once the others have ended,
 * or at once with `fail_fast: true`.
 *
 * @example
 * await stepKinds.parallel.execute(step, execution);
 */
export const parallelStepKind: StepKind<ParallelStep> = {
  keyword: 'parallel',
  parse(item, context) {
    const load = context.load;
    const node = resolveNode(load, item.primary.value);
    if (isSeq(node)) {
      const keys = collectStepKeys(
        load,
        item.entries.filter((entry) => entry !== item.primary),
        SIBLINGS,
        'a `parallel` step',
      );
      const branches = context.parseBlock(item.primary.value, '`parallel` steps');
      return build(item.index, item.span, keys, { branches }, load);
    }
    if (!isMap(node)) {
      load.report(
        'error',
        'invalid_type',
        `\`parallel\` must be ${SHAPES}, got ${describeNode(node)}`,
        node === null ? item.primary.keySpan : load.spanOf(node),
        `write it as \`- parallel: [ { Researcher: "…" }, { Critic: "…" } ]\` or \`${AGENT_EXAMPLE}\``,
      );
      return undefined;
    }
    const stepsForm = node.items.some((pair) => isScalar(pair.key) && pair.key.value === 'steps');
    const keys = readKeywordMap(load, item, {
      keyword: 'parallel',
      keys: ['agent', 'inputs', 'steps', ...SIBLINGS],
      // A misspelt `agent` or `inputs` is reported once, as unknown with its "did you mean".
      required: stepsForm ? [] : ['agent', 'inputs'],
      siblings: SIBLINGS,
      example: AGENT_EXAMPLE,
    });
    if (keys === undefined) return undefined;
    const stepsEntry = keys.get('steps');
    const agentEntry = keys.get('agent');
    const inputsEntry = keys.get('inputs');
    if (stepsEntry !== undefined) {
      if (agentEntry !== undefined || inputsEntry !== undefined) {
        load.report(
          'error',
          'conflicting_keys',
          '`parallel` takes either `steps` or `agent` with `inputs`, not both',
          (agentEntry ?? inputsEntry ?? stepsEntry).keySpan,
          'split it into two `parallel` steps',
        );
        return undefined;
      }
      const branches = context.parseBlock(stepsEntry.value, '`parallel` steps');
      return build(item.index, item.span, keys, { branches }, load);
    }
    if (agentEntry === undefined || inputsEntry === undefined) return undefined;
    const agent = readAgent(agentEntry, context);
    const inputs = readInputs(load, inputsEntry);
    if (agent === undefined || inputs === undefined) return undefined;
    return build(item.index, item.span, keys, { branches: [], fanOut: { agent, inputs } }, load);
  },
  check(step, scope, checkBlock) {
    if (step.fanOut !== undefined) scope.readValue(step.fanOut.inputs);
    scope.branches(step.branches.map((branch) => () => checkBlock([branch])));
    if (step.save !== undefined) scope.defineSave(step.save);
  },
  async execute(step, execution) {
    const branches = step.fanOut === undefined ? step.branches : agentBranches(step, execution);
    const values = await execution.runBranches(
      branches.length,
      { path: 'parallel', ...(step.failFast === undefined ? {} : { failFast: step.failFast.value }) },
      (index, branch) => branch.runBlock(branches.slice(index, index + 1), 'parallel'),
    );
    if (step.save !== undefined) assignSave(execution, step.save, values);
    return { value: values, details: { kind: 'parallel', branches: branches.length } };
  },
};

function build(
  index: number,
  span: ParallelStep['span'],
  keys: ReadonlyMap<string, MapEntry>,
  form: Pick<ParallelStep, 'branches' | 'fanOut'>,
  load: LoadContext,
): ParallelStep {
  const save = readSaveName(load, keys.get('save'));
  const id = readStepId(load, keys.get('id'));
  const failFastEntry = keys.get('fail_fast');
  const failFast =
    failFastEntry === undefined ? undefined : readBoolean(load, failFastEntry.value, '`fail_fast`');
  return {
    kind: 'parallel',
    index,
    span,
    ...form,
    ...(save === undefined ? {} : { save }),
    ...(id === undefined ? {} : { id }),
    ...(failFast === undefined ? {} : { failFast }),
  };
}

function readAgent(entry: MapEntry, context: StepParseContext): Located<string> | undefined {
  const agent = readText(context.load, entry.value, '`agent` of `parallel`');
  if (agent === undefined) return undefined;
  if (!context.agents.has(agent.value)) {
    context.load.report(
      'error',
      'unknown_agent',
      `unknown agent '${agent.value}' in workflow '${context.workflow}'`,
      agent.span,
      didYouMean(agent.value, context.agents.keys(), 'agents defined'),
    );
    return undefined;
  }
  return agent;
}

/** `inputs:` — a YAML list (of templates), or one template that gives a list when the step runs. */
function readInputs(load: LoadContext, entry: MapEntry): TemplateValue | undefined {
  const node = resolveNode(load, entry.value);
  const template = isScalar(node) && typeof node.value === 'string' && node.value.includes('{{');
  if (!isSeq(node) && !template) {
    load.report(
      'error',
      'invalid_type',
      `\`inputs\` of \`parallel\` must be a list, got ${describeNode(node)}`,
      node === null ? entry.keySpan : load.spanOf(node),
      'write a list, like `inputs: ["Analyze doc 1", "Analyze doc 2"]`, or a template giving one, like `inputs: "{{docs}}"`',
    );
    return undefined;
  }
  return readTemplateValue(load, entry.value, '`inputs` of `parallel`');
}

/** The same-agent form's calls, one agent step per input, evaluated when the step starts. */
function agentBranches(step: ParallelStep, execution: StepExecution): Step[] {
  const fanOut = step.fanOut;
  if (fanOut === undefined) return [];
  const inputs = execution.evaluate(fanOut.inputs);
  if (!Array.isArray(inputs))
    throw stepValueError(
      execution.document,
      fanOut.inputs.span,
      `\`inputs\` of \`parallel\` must be a list, got ${describeValue(inputs)}`,
      'give `inputs` a list, like `inputs: "{{docs}}"` where `docs` is a list',
    );
  return inputs.map((input, index): AgentStep => {
    const text = typeof input === 'string' ? input : stringifyValue(input);
    return {
      kind: 'agent',
      index,
      span: step.span,
      agent: fanOut.agent.value,
      agentSpan: fanOut.agent.span,
      message: { source: text, segments: [{ kind: 'text', text }] },
    };
  });
}
