import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { CallPolicies } from '../../policy/policy-options.ts';
import type { SupervisionPolicy } from '../../runtime/supervisor/supervision-types.ts';
import type { AgentSkills } from '../../skills/skill.ts';
import type { FieldSpans } from './located.ts';

/**
 * An agent as declared under `agents:`. Values are as written (after `${VAR}` substitution); the
 * model is not resolved here: `model` is undefined when the file leaves it to `settings.default_model`
 * or the command line. `supervision` is resolved: the agent's block over the settings' block over
 * the defaults; so are `policies.retry` and `policies.circuitBreaker`.
 *
 * @example
 * const coder = document.agents.get('Coder');
 * console.log(coder?.system, coder?.fieldSpans.model?.line, coder?.supervision.intensity.maxRestarts);
 */
export interface AgentDefinition {
  /** The key under `agents:`, used in steps. */
  readonly id: string;
  /** Display name; defaults to the id. */
  readonly name: string;
  readonly model?: string;
  /** The system prompt, from `system` or read from `system_file`. */
  readonly system: string;
  /** Absolute path of `system_file` when the prompt came from one. */
  readonly systemFile?: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  /** Names of the built-in tools this agent is offered. */
  readonly tools: readonly string[];
  /**
   * How the agent is restarted when it fails: its `supervision:` block field by field over
   * `settings.supervision`, over `DEFAULT_SUPERVISION`; both vocabularies resolved to OTP's words,
   * durations in milliseconds.
   */
  readonly supervision: SupervisionPolicy;
  /** `budget:` — the hard cap per task for this agent, in dollars. */
  readonly budgetUsd?: number;
  /**
   * The policies of the agent's model calls: `retry` and `circuit_breaker` as written on the agent,
   * field by field over `settings.retry` / `settings.circuit_breaker` (over `DEFAULT_RETRY` /
   * `DEFAULT_CIRCUIT_BREAKER`), or the settings' blocks when the agent has none; `rate_limit` (the
   * agent's own limit, on top of the limits per model in settings) and `fallback_models` as written on
   * the agent. A policy neither gives is absent: the runtime's defaults apply.
   */
  readonly policies: CallPolicies;
  /** `memory:` — how much of its conversation the agent keeps between steps; absent: all of it. */
  readonly memory?: AgentMemory;
  /** `knowledge:` — absolute paths of the files appended to the system prompt (already in `system`). */
  readonly knowledge?: readonly string[];
  /** `extends:` — the agent this one inherits its fields from (the chain's first link). */
  readonly extends?: string;
  /**
   * `skills:` with `settings.skills` — the skills the agent may use; each call's message picks which join
   * its system prompt. Absent when the agent has none.
   */
  readonly skills?: AgentSkills;
  /** The agent's key. */
  readonly span: SourceSpan;
  /** Spans of the values of the keys written, `budget`, `retry`, `rate_limit` … included. */
  readonly fieldSpans: FieldSpans;
}

/** An agent's `memory:` block. */
export interface AgentMemory {
  /** `conversation` (default): later steps see earlier turns. `none`: every step starts empty. */
  readonly history: 'conversation' | 'none';
  /** `max_history_tokens:` — the bound on the history sent with a step (estimated tokens). */
  readonly maxHistoryTokens?: number;
  /** What happens to turns over the bound: dropped (`truncate`, default) or summarised (`summarize`). */
  readonly strategy: 'truncate' | 'summarize';
}
