import type { ParsedNode } from 'yaml';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { AgentDefinition } from '../document/agent-definition.ts';
import type { Step, StepKindName } from '../document/step.ts';
import type { LoadContext } from '../load/load-context.ts';
import type { MapEntry } from '../load/map-entries.ts';
import type { VariableScope } from '../load/variable-scope.ts';
import type { StepExecution, StepOutcome } from '../run/step-execution.ts';

/** One `- …` item of `steps:`, split into its keys, with the key that decided its kind. */
export interface StepItem {
  readonly index: number;
  readonly span: SourceSpan;
  readonly entries: readonly MapEntry[];
  /** The agent key (`Coder writes the code`) or the control keyword (`set`). */
  readonly primary: MapEntry;
}

/** What a step parser may use. */
export interface StepParseContext {
  readonly load: LoadContext;
  readonly agents: ReadonlyMap<string, AgentDefinition>;
  readonly workflow: string;
  /** Reads a nested list of steps (`then:`, a loop's `steps:`); `label` names it in messages. */
  parseBlock(raw: ParsedNode | null, label: string): Step[];
}

/**
 * Everything Vega knows about one kind of step: how to read it from YAML, how to check the variables
 * it reads and defines, and how to run it. A new kind of step is one more entry in `stepKinds`.
 */
export interface StepKind<S extends Step> {
  /** The control keyword that selects this kind (`set`); `undefined` for agent steps. */
  readonly keyword: string | undefined;
  parse(item: StepItem, context: StepParseContext): S | undefined;
  /** Reads and defines variables in order, for the static check of undefined names. */
  check(step: S, scope: VariableScope, checkBlock: (steps: readonly Step[]) => void): void;
  execute(step: S, execution: StepExecution): Promise<StepOutcome>;
}

/** The table of step kinds, one entry per member of the `Step` union. */
export type StepKinds = { readonly [K in StepKindName]: StepKind<Extract<Step, { kind: K }>> };
