import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Step } from '../document/step.ts';

/** A `workflow:` step's call: which workflow, with which inputs, from which step. */
export interface SubWorkflowCall {
  /** The workflow's name in the document. */
  readonly workflow: string;
  /** Input values by name, as `with:` gave them; checked like a run's inputs. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The calling step's journal key: the sub-workflow's steps are keyed `<key>/workflow/<j>`. */
  readonly key: string;
  /** Where the call is written, for errors (`max_depth_exceeded`). */
  readonly span: SourceSpan;
}

/**
 * The workflow a block belongs to, as the block runner and control steps see it: which workflows led
 * here, where completed steps leave their compensations, and how a step calls another workflow.
 *
 * @example
 * const output = await execution.frame?.runWorkflow({ workflow: 'review', inputs: { code }, key, span });
 */
export interface WorkflowFrame {
  /** The workflows being run, from the one the run started with to this one. */
  readonly chain: readonly string[];
  /**
   * Tells the frame a step completed (after its checkpoint): its `compensate:` block is kept, with the
   * names readable then (`scope`). Throws when a resumed run gets past the step whose failure it had
   * compensated (`RunCompensated`).
   */
  stepCompleted(step: Step, key: string, scope: ReadonlyMap<string, unknown>): void | Promise<void>;
  /** Runs another workflow of the document with its own variables; gives its output. */
  runWorkflow(call: SubWorkflowCall): Promise<unknown>;
}
