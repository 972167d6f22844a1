import type { BudgetScope } from '../../policy/budget/budget-scope.ts';
import type { JournalPosition } from '../../spec/effect-journal.ts';
import type { Step } from '../document/step.ts';
import type { TemplateValue } from '../document/template-value.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import type { TemplateScope } from '../template/evaluate-expression.ts';
import type { Template } from '../template/template.ts';
import type { WorkflowFrame } from './workflow-frame.ts';
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
  /** This step's position in the run: `step-<index>`, or `<block key>/<index>` when nested. */
  readonly key: string;
  /** The workflow this step belongs to: runs sub-workflows (`- workflow: …`). */
  readonly frame?: WorkflowFrame;
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
  /**
   * Runs `count` branches concurrently (at most `options.concurrency` at once, started in branch
   * order), each with an execution of its own: a snapshot of the variables taken when the branch
   * starts (nothing is merged before all end, so it is the step's start), its own signal, and agent
   * calls marked as a branch's. Once all have ended, what the branches assigned is merged in branch
   * order and their values come back in branch order. When branches fail, the branches before the
   * first failing one (in branch order) are merged and that branch's error is thrown; with
   * `failFast`, the first failure cancels the others through their signal.
   */
  runBranches(
    count: number,
    options: BranchOptions,
    branch: (index: number, execution: StepExecution) => Promise<unknown>,
  ): Promise<unknown[]>;
}

/** How {@link StepExecution.runBranches} runs its branches. */
export interface BranchOptions {
  /** The path of the branches under the step's key, for their conversation marks: `parallel`, `for`. */
  readonly path: string;
  /** How many branches run at once; default all of them. */
  readonly concurrency?: number;
  /** Cancel the other branches at the first failure instead of letting them end. */
  readonly failFast?: boolean;
}

/** What a step produced: its value (the output when it is last) and what the record should say. */
export interface StepOutcome {
  readonly value: unknown;
  readonly details: StepDetails;
}
