import type { z } from 'zod';
import type { CallPolicies } from '../policy/policy-options.ts';
import type { Model } from '../spec/model.ts';
import type { AnyTool } from './tool.ts';

/** How an agent is declared. See {@link defineAgent}. */
export interface AgentConfig<Output = string> {
  /** The agent's id: used in traces, costs, scripted replies and error messages. */
  readonly name: string;
  /** A model instance, or a name the runtime's model registry resolves (`claude-sonnet-4-5`, `ollama:llama3`). */
  readonly model: Model | string;
  /** The system prompt. */
  readonly system?: string;
  readonly tools?: readonly AnyTool[];
  readonly temperature?: number;
  /** Most output tokens per model call. */
  readonly maxTokens?: number;
  /** Most model calls in one run before {@link MaxTurnsExceeded}. Default 10. */
  readonly maxTurns?: number;
  /** A zod schema: the final reply is parsed as JSON and validated into `result.output`. */
  readonly output?: z.ZodType<Output>;
  /**
   * Hard cap in dollars on one run of this agent: its calls are held against a scope of this size
   * (inside the run's own budget, if any), and a call that does not fit fails with `BudgetExceeded`.
   */
  readonly budget?: number;
  /** Retry, rate limit, circuit breaker, fallback models and timeouts of this agent's model calls. */
  readonly policies?: CallPolicies;
}

/** The default bound on model calls per run. */
export const DEFAULT_MAX_TURNS = 10;
