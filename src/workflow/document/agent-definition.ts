import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { SupervisionPolicy } from '../../runtime/supervisor/supervision-types.ts';
import type { FieldSpans } from './located.ts';

/**
 * An agent as declared under `agents:`. Values are as written (after `${VAR}` substitution); the
 * model is not resolved here: `model` is undefined when the file leaves it to `settings.default_model`
 * or the command line. `supervision` is resolved: the agent's block over the settings' block over
 * the defaults.
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
  /** The agent's key. */
  readonly span: SourceSpan;
  readonly fieldSpans: FieldSpans;
}
