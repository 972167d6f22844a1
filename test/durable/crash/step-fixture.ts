/**
 * The provider side of the crash and replay tests: the fixture server's replies to the step workflows
 * (`thirty-steps.vega.yaml`, `five-steps.vega.yaml`), as a pure function of the request, and the
 * journal key of the model call each request is for.
 *
 * Step i's prompt is "Step i: write out/file-i.txt". The model first answers it with a `write_file` call
 * (tool call id `toolu_step_<i>`, content `content of step <i>`), then answers the tool result with
 * `step <i> done`: two model calls and one tool call per step.
 */
import type { FixtureReply, RecordedRequest } from '../../../src/testing/index.ts';

/** Which model call of which step a request is: turn 1 answers the step's prompt, turn 2 the tool result. */
export interface StepCall {
  /** The step, 1-based as in the prompt. */
  readonly step: number;
  readonly turn: 1 | 2;
  /** Its key in the run's journal: `step-<step - 1>/agent:<agent>/t<turn>/model`. */
  readonly key: string;
}

interface WireMessage {
  readonly role: string;
  readonly content: string | readonly { type: string; text?: string; tool_use_id?: string }[];
}

/** What each step writes. */
export function stepFile(step: number): { readonly path: string; readonly content: string } {
  return { path: `out/file-${step}.txt`, content: `content of step ${step}` };
}

/** The text the model ends step `step` with. */
export function stepDone(step: number): string {
  return `step ${step} done`;
}

/** The output of an uninterrupted run of `thirty-steps.vega.yaml`. */
export function thirtyStepsOutput(): string {
  return Array.from({ length: 30 }, (_, index) => stepDone(index + 1)).join(' | ');
}

/**
 * The step and turn an Anthropic Messages request is for, read from its last message: the step's
 * prompt (turn 1) or the result of the step's `write_file` call (turn 2).
 */
export function stepCallOf(request: Pick<RecordedRequest, 'body'>, agent = 'worker'): StepCall {
  const body = request.body as { messages?: readonly WireMessage[] } | undefined;
  const last = body?.messages?.at(-1);
  if (last === undefined || last.role !== 'user') {
    throw new Error(`Not a step request: the last message is not the user's: ${JSON.stringify(last)}`);
  }
  const parts = typeof last.content === 'string' ? [{ type: 'text', text: last.content }] : last.content;
  const result = parts.find((part) => part.type === 'tool_result');
  if (result !== undefined) {
    const step = Number(/^toolu_step_(\d+)$/.exec(result.tool_use_id ?? '')?.[1]);
    if (!Number.isInteger(step)) throw new Error(`Unknown tool result id '${result.tool_use_id}'`);
    return call(step, 2, agent);
  }
  const text = parts.find((part) => part.type === 'text')?.text ?? '';
  const step = Number(/^Step (\d+):/.exec(text)?.[1]);
  if (!Number.isInteger(step)) throw new Error(`Not a step prompt: '${text}'`);
  return call(step, 1, agent);
}

function call(step: number, turn: 1 | 2, agent: string): StepCall {
  return { step, turn, key: `step-${step - 1}/agent:${agent}/t${turn}/model` };
}

/** The reply to a step request: a pure function of the request, so a redone call gets the same answer. */
export function stepReply(request: Pick<RecordedRequest, 'body'>): FixtureReply {
  const { step, turn } = stepCallOf(request);
  if (turn === 2) return { text: stepDone(step), usage: { input: 40, output: 4 } };
  return {
    toolCalls: [{ id: `toolu_step_${step}`, name: 'write_file', input: stepFile(step) }],
    usage: { input: 30, output: 12 },
  };
}

/** Every model call key of a run of `steps` steps, in order. */
export function allStepCallKeys(steps: number, agent = 'worker'): string[] {
  return Array.from(
    { length: steps * 2 },
    (_, index) => call(Math.floor(index / 2) + 1, ((index % 2) + 1) as 1 | 2, agent).key,
  );
}
