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
  /**
   * `compensate:` — steps that undo this one: run (in reverse order of completion) when a later step
   * of the same workflow fails and nothing catches the failure.
   */
  readonly compensate?: readonly Step[];
}

/**
 * `save:` — the variable that receives a step's value: a name (`code`), or a template evaluated to the
 * name when the step ends (`"result_{{loop.index}}"`; then `value` is the text as written).
 */
export interface SaveTarget extends Located<string> {
  /** Present when the name is a template. */
  readonly template?: Template;
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
  readonly save?: SaveTarget;
  /** `if:` — a braceless expression; when falsy the step is skipped: its value is `null`, `save` unchanged. */
  readonly condition?: Template;
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
  /** `on_timeout:` — what runs when `timeout` fires; its last value is the step's value. */
  readonly onTimeout?: readonly Step[];
  /** `format: json` — the reply is parsed as JSON (and checked against `schema`); bad replies are re-asked. */
  readonly format?: Located<'json'>;
  /** `schema:` — a JSON Schema subset the parsed reply must match (only with `format: json`). */
  readonly schema?: Located<JsonSchema>;
  /** `fresh: true` — this step's call starts from an empty conversation, which the agent continues. */
  readonly fresh?: Located<boolean>;
}

/** The JSON Schema subset of `schema:`: `type`, `properties`, `required`, `items`, `enum`, `description`. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly description?: string;
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
  readonly save: SaveTarget;
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
  readonly save?: SaveTarget;
  /** `concurrency:` — how many iterations run at once (an integer ≥ 1); absent means 1. */
  readonly concurrency?: Located<number>;
  /** `fail_fast: true` — with `concurrency` above 1, a failing iteration cancels the others at once. */
  readonly failFast?: Located<boolean>;
}

/**
 * `- parallel: [ steps… ]` (each step a branch) or `- parallel: { agent: Analyzer, inputs: [...] }`
 * (one call to the agent per input): branches run concurrently on a snapshot of the variables, and
 * what they save is merged in branch order when all have ended.
 */
export interface ParallelStep extends StepBase {
  readonly kind: 'parallel';
  /** The step-list form's branches, one step each; empty in the same-agent form. */
  readonly branches: readonly Step[];
  /** The same-agent form: the agent, and the inputs (a list of values, or a template giving one). */
  readonly fanOut?: { readonly agent: Located<string>; readonly inputs: TemplateValue };
  /** `save:` — the list of each branch's value (the agent's replies), in branch order. */
  readonly save?: SaveTarget;
  /** `fail_fast: true` — a failing branch cancels the others at once. */
  readonly failFast?: Located<boolean>;
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
  readonly save?: SaveTarget;
}

/** `- try: [...]` with `catch: [...]` and/or `finally: [...]`: handles a failure of a block. */
export interface TryStep extends StepBase {
  readonly kind: 'try';
  readonly steps: readonly Step[];
  /** `catch:` — runs when the block fails, with `error` as `{ message, type, step }`; absent: not caught. */
  readonly catchSteps?: readonly Step[];
  /** `finally:` — runs after the block and `catch`, whether they failed or returned (not on abort). */
  readonly finallySteps?: readonly Step[];
}

/** `- return: "{{code}}"`: ends the current workflow, from any depth, with this value as its output. */
export interface ReturnStep extends StepBase {
  readonly kind: 'return';
  readonly value: TemplateValue;
}

/** `- workflow: review-code` with `with: { code: "{{code}}" }`: runs another workflow of the document. */
export interface WorkflowStep extends StepBase {
  readonly kind: 'workflow';
  /** The workflow to run, as written. */
  readonly workflow: Located<string>;
  /** `with:` — the sub-workflow's inputs, by name, evaluated in the caller's variables. */
  readonly inputs: readonly { readonly name: Located<string>; readonly value: TemplateValue }[];
  /** The `with:` key, where problems of the whole map are reported. */
  readonly withSpan?: SourceSpan;
  /** `save:` — the variable that receives the sub-workflow's output. */
  readonly save?: SaveTarget;
}

/** Every step this version runs. A new kind is added here and in `stepKinds`. */
export type Step =
  | AgentStep
  | SetStep
  | RememberStep
  | RecallStep
  | IfStep
  | ForStep
  | RepeatStep
  | ParallelStep
  | TryStep
  | ReturnStep
  | WorkflowStep;

/** The kinds of step: `'agent' | 'set' | 'remember' | 'recall' | 'if' | 'for' | 'repeat'` today. */
export type StepKindName = Step['kind'];
