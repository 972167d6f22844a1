import { addCosts, ZERO_COST } from '../cost/add-costs.ts';
import type { Cost } from '../spec/cost.ts';
import type { ModelMessage } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';
import { addUsage, ZERO_USAGE } from '../spec/usage.ts';
import type { AgentResult, ModelCallRecord, ToolCallRecord } from './agent-result.ts';

/** The growing state of one agent run: the conversation and what it has used and cost so far. */
export class RunState {
  readonly messages: ModelMessage[];
  turn = 0;
  usage: Usage = ZERO_USAGE;
  cost: Cost = ZERO_COST;
  text = '';
  finishReason = 'stop';
  readonly toolCalls: ToolCallRecord[] = [];
  readonly modelCalls: ModelCallRecord[] = [];

  constructor(messages: ModelMessage[]) {
    this.messages = messages;
  }

  recordModelCall(call: ModelCallRecord): void {
    this.modelCalls.push(call);
    this.usage = addUsage(this.usage, call.usage);
    this.cost = addCosts(this.cost, call.cost);
  }

  result<Output>(output: Output): AgentResult<Output> {
    return {
      text: this.text,
      output,
      usage: this.usage,
      cost: this.cost,
      turns: this.turn,
      toolCalls: this.toolCalls,
      modelCalls: this.modelCalls,
      messages: this.messages,
      finishReason: this.finishReason,
    };
  }
}
