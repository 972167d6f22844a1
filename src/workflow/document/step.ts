import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { CallPolicies } from '../../policy/policy-options.ts';
import type { Template } from '../template/template.ts';
import type { Located } from './located.ts';
import type { TemplateValue } from './template-value.ts';

/** What every step has. `index` is the 0-based position in its list of steps (a workflow's, or a block's). */
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

/** `- if: "'APPROVED' in review"` with `then: [...]` and `else: [...]`: runs one of two blocks. */
export interface IfStep extends StepBase {
  readonly kind: 'if';
  /** A braceless expression, as a template of one expression: truthy runs `then`. */
  readonly condition: Template;
  readonly thenSteps: readonly Step[];
  readonly elseSteps: readonly Step[];
}

/** `- for: item in items` with `steps: [...]` (or `- for item in items: [...]`): a block per item. */
export interface ForStep extends StepBase {
  readonly kind: 'for';
  /** The loop variable: `item`. */
  readonly variable: Located<string>;
  /** A braceless expression giving the list: `items`, `"{{items}}"`. */
  readonly items: Template;
  readonly steps: readonly Step[];
  /** `save:` — the list of each iteration's last value, in input order. */
  readonly save?: Located<string>;
}

/** `- repeat: { steps: [...], until: "done", max: 5 }`: runs a block until a condition holds. */
export interface RepeatStep extends StepBase {
  readonly kind: 'repeat';
  readonly steps: readonly Step[];
  /** A braceless expression checked after each iteration; absent runs `max` iterations. */
  readonly until?: Template;
  /** `max:` — a number or a template evaluated to an integer; absent means 10. */
  readonly max?: TemplateValue;
  /** `save:` — the last iteration's value. */
  readonly save?: Located<string>;
}

/** Every step this version runs. A new kind is added here and in `stepKinds`. */
export type Step = AgentStep | SetStep | RememberStep | RecallStep | IfStep | ForStep | RepeatStep;

/** The kinds of step: `'agent' | 'set' | 'remember' | 'recall' | 'if' | 'for' | 'repeat'` today. */
export type StepKindName = Step['kind'];
