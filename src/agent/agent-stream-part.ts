import type { Cost } from '../spec/cost.ts';
import type { Usage } from '../spec/usage.ts';
import type { AgentResult } from './agent-result.ts';

/**
 * What {@link Agent.stream} yields, in order: for each turn a `turn-start`, the model's deltas and tool
 * calls, a `usage`, the tool results, a `turn-end`; then `run-end` with the result, or `error`.
 */
export type AgentStreamPart<Output = string> =
  | { readonly type: 'turn-start'; readonly turn: number }
  | { readonly type: 'text-delta'; readonly turn: number; readonly text: string }
  | { readonly type: 'reasoning-delta'; readonly turn: number; readonly text: string }
  | {
      readonly type: 'tool-call';
      readonly turn: number;
      readonly toolCallId: string;
      readonly toolName: string;
      readonly input: unknown;
    }
  | {
      readonly type: 'tool-result';
      readonly turn: number;
      readonly toolCallId: string;
      readonly toolName: string;
      readonly output: unknown;
      readonly isError: boolean;
    }
  | {
      readonly type: 'usage';
      readonly turn: number;
      readonly model: string;
      readonly usage: Usage;
      readonly cost: Cost;
    }
  | { readonly type: 'turn-end'; readonly turn: number; readonly finishReason: string }
  | { readonly type: 'run-end'; readonly result: AgentResult<Output> }
  | { readonly type: 'error'; readonly error: unknown };
