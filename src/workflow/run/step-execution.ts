import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { TemplateValue } from '../document/template-value.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import type { TemplateScope } from '../template/evaluate-expression.ts';
import type { Template } from '../template/template.ts';
import type { WorkflowMemory } from './workflow-memory.ts';
import type { AgentInvoker, StepDetails } from './workflow-result.ts';

/** What a step's executor may use while it runs. */
export interface StepExecution {
  readonly document: WorkflowDocument;
  readonly workflow: WorkflowDefinition;
  readonly signal: AbortSignal;
  readonly invokeAgent: AgentInvoker;
  /** In a durable run: the journal, keyed at this step's position (`step-<index>`). */
  readonly journal?: JournalPosition;
  /** The run's budget scope, when the run has one. */
  readonly budget?: BudgetScope;
  /** Persistent memory for `remember` and `recall`, when the run has it. */
  readonly memory?: WorkflowMemory;
  /** The variables visible now, built-ins (`inputs`, `steps`, `input`) included. */
  readonly scope: TemplateScope;
  /** Evaluates a value; an error points at its place in the file. */
  evaluate(value: TemplateValue): unknown;
  /** Evaluates a template to text; an error points at its place in the file. */
  evaluateText(template: Template): string;
  /** Sets a variable for the following steps. */
  assign(name: string, value: unknown): void;
  /**
   * Runs a block nested in this step, each of its steps as a step of its own (events, record, journal
   * checkpoint) keyed `<this step's key>/<path>/<position>`; gives the last step's value, `null` when
   * the block is empty.
   */
  runBlock(steps: readonly Step[], path: string): Promise<unknown>;
  /**
   * Makes a name readable while a block runs (`item`, `loop`) without making it a variable of the
   * result; the function returned puts back what the name was before.
   */
  bind(name: string, value: unknown): () => void;
}

/** What a step produced: its value (the output when it is last) and what the record should say. */
export interface StepOutcome {
  readonly value: unknown;
  readonly details: StepDetails;
}
