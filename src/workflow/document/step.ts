import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { CallPolicies } from '../../policy/policy-options.ts';
import type { Template } from '../template/template.ts';
import type { Located } from './located.ts';
import type { TemplateValue } from './template-value.ts';

/** What every step has. `index` is the 0-based position in its workflow's `steps`. */
export interface StepBase {
  readonly index: number;
  /** `id:` — the step's output is also readable as `steps.<id>.output`. */
  readonly id?: Located<string>;
  /** The whole step item. */
  readonly span: SourceSpan;
}

/** `- Coder: "Just do {{task}}"` or `- Coder writes the code: { send, save, id }`. */
export interface AgentStep extends StepBase {
  readonly kind: 'agent';
  readonly agent: string;
  /** Just the agent's name inside the step's key. */
  readonly agentSpan: SourceSpan;
  /** The text after the agent's name in the key: `writes the code`. */
  readonly description?: string;
  readonly message: Template;
  /** `save:` — the variable that receives the reply. */
  readonly save?: Located<string>;
  /** `continue_on_error: true` — a failure sets `error`, leaves `save` null and the run goes on. */
  readonly continueOnError?: Located<boolean>;
  /** `budget:` — the hard cap of this step, in dollars. */
  readonly budgetUsd?: Located<number>;
  /** `timeout:` — the bound on the whole step, in milliseconds (above 0). */
  readonly timeoutMs?: Located<number>;
  /**
   * The policies this step writes (`retry`, `rate_limit`, `circuit_breaker`, `fallback_models`), and
   * only those; they override the agent's `policies` for this step's calls.
   * `retry` and `circuit_breaker` are complete: the step's fields over the agent's. Absent when the step
   * writes none.
   */
  readonly policies?: CallPolicies;
}

/** `- set: { attempts: 0, results: [] }`: assignments in the order written. */
export interface SetStep extends StepBase {
  readonly kind: 'set';
  readonly assignments: readonly { readonly name: Located<string>; readonly value: TemplateValue }[];
}

/** `- remember: { key: "prefs_{{user}}", value: "{{prefs}}" }`: keeps a value in persistent memory. */
export interface RememberStep extends StepBase {
  readonly kind: 'remember';
  /** Rendered to text: the memory key. */
  readonly key: Template;
  readonly value: TemplateValue;
}

/** `- recall: { key: "prefs_{{user}}", save: prefs, default: {} }`: reads persistent memory into a variable. */
export interface RecallStep extends StepBase {
  readonly kind: 'recall';
  /** Rendered to text: the memory key. */
  readonly key: Template;
  /** The variable that receives the remembered value (or the default). */
  readonly save: Located<string>;
  /** What `save` gets when nothing is remembered under the key; absent means `null`. */
  readonly default?: TemplateValue;
}

/** Every step this version runs. A new kind is added here and in `stepKinds`. */
export type Step = AgentStep | SetStep | RememberStep | RecallStep;

/** The kinds of step: `'agent' | 'set' | 'remember' | 'recall'` today. */
export type StepKindName = Step['kind'];
