import type { Cost } from '../spec/cost.ts';
import type { ModelMessage } from '../spec/model.ts';
import type { Usage } from '../spec/usage.ts';

/** One tool call the agent made during a run, with what came back. */
export interface ToolCallRecord {
  readonly turn: number;
  readonly toolCallId: string;
  readonly toolName: string;
  /** The parsed arguments, or the raw text when they were not valid JSON. */
  readonly input: unknown;
  readonly output: unknown;
  /** True when the tool threw, the arguments were invalid, or the tool is unknown. */
  readonly isError: boolean;
}

/** One model call of a run. */
export interface ModelCallRecord {
  readonly turn: number;
  readonly provider: string;
  readonly model: string;
  readonly usage: Usage;
  readonly cost: Cost;
  readonly finishReason: string;
  /** Attempts the pipeline made (retries and fallbacks included); absent without a pipeline. */
  readonly attempts?: number;
  /** Time the call waited in rate-limit queues. */
  readonly waitedMs?: number;
  /** The model the agent asked for, when a fallback model answered. */
  readonly fallbackFrom?: string;
  /**
   * True when a resumed or replayed durable run got this call back from its journal: it was paid for
   * (and its cost is counted) once, before the run was interrupted.
   */
  readonly fromJournal?: boolean;
}

/** What {@link Agent.run} returns. */
export interface AgentResult<Output = string> {
  /** The final reply's text. */
  readonly text: string;
  /** The typed output when the agent declares `output`, otherwise the text. */
  readonly output: Output;
  /** Usage over all model calls of the run. */
  readonly usage: Usage;
  /** Cost over all model calls of the run. */
  readonly cost: Cost;
  /** Number of model calls made. */
  readonly turns: number;
  readonly toolCalls: readonly ToolCallRecord[];
  readonly modelCalls: readonly ModelCallRecord[];
  /** The whole conversation after the run; pass it as `history` to continue it. */
  readonly messages: readonly ModelMessage[];
  readonly finishReason: string;
}
