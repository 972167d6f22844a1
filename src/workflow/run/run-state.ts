import { diagnosticAt } from '../../diagnostics/diagnostic.ts';
import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { TemplateValue } from '../document/template-value.ts';
import type { WorkflowDefinition } from '../document/workflow-definition.ts';
import type { WorkflowDocument } from '../document/workflow-document.ts';
import { renderTemplateText } from '../template/render-template.ts';
import { systemTemplateSources } from '../template/system-template-sources.ts';
import type { Template } from '../template/template.ts';
import { TemplateError } from '../template/template-error.ts';
import type { TemplateSources } from '../template/template-scope.ts';
import { renderTemplateValue } from './render-template-value.ts';
import { WorkflowRunError } from './workflow-run-error.ts';

/**
 * The variables of one run. `scope` is what templates read: user variables plus the built-ins
 * `inputs`, `steps` and, for a one-input workflow, `input`, with the sources of `date`, `time`, `now`,
 * `random` and `env` (the process's by default; a durable run passes journaled ones). Built-in
 * containers have no prototype, so no name written into them can reach one.
 */
export class RunState {
  readonly scope: Map<string, unknown> & { readonly sources: TemplateSources };
  readonly #variables = new Map<string, unknown>();
  readonly #steps: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  readonly #document: WorkflowDocument;
  readonly #workflow: WorkflowDefinition;
  /** In a state made by {@link fork}: what it assigned and recorded, in order, for {@link merge}. */
  #log: StateChange[] | undefined;

  constructor(
    document: WorkflowDocument,
    workflow: WorkflowDefinition,
    inputs: ReadonlyMap<string, unknown>,
    sources: TemplateSources = systemTemplateSources(),
  ) {
    this.scope = Object.assign(new Map<string, unknown>(), { sources });
    this.#document = document;
    this.#workflow = workflow;
    const inputsObject: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const [name, value] of inputs) {
      inputsObject[name] = value;
      this.assign(name, value);
    }
    this.scope.set('inputs', inputsObject);
    this.scope.set('steps', this.#steps);
    const [single] = workflow.inputs;
    if (workflow.inputs.length === 1 && single !== undefined && single.name !== 'input') {
      this.scope.set('input', inputs.get(single.name));
    }
  }

  /** Sets a variable for the following steps. */
  assign(name: string, value: unknown): void {
    this.scope.set(name, value);
    this.#variables.set(name, value);
    this.#log?.push({ kind: 'assign', name, value });
  }

  /**
   * A branch of this state for a concurrent step: it reads a snapshot of every name readable now (loop
   * bindings included), with its own clock and random `sources` when given, and what it assigns or
   * records stays in it until {@link merge}. The snapshot is shallow: values are plain data that no
   * step changes in place.
   *
   * @example
   * const branches = items.map(() => state.fork());
   * // … run each branch …
   * state.merge(branches);
   */
  fork(sources: TemplateSources = this.scope.sources): RunState {
    const branch = new RunState(this.#document, this.#workflow, new Map(), sources);
    branch.scope.clear();
    for (const [name, value] of this.scope) branch.scope.set(name, value);
    Object.assign(branch.#steps, this.#steps);
    branch.scope.set('steps', branch.#steps);
    for (const [name, value] of this.#variables) branch.#variables.set(name, value);
    branch.#log = [];
    return branch;
  }

  /**
   * Replays what each branch assigned and recorded, branch after branch in the order given, as if the
   * branches had run one after another: a name two branches save ends with the later branch's value.
   */
  merge(branches: readonly RunState[]): void {
    for (const branch of branches) {
      for (const change of branch.#log ?? []) {
        if (change.kind === 'assign') this.assign(change.name, change.value);
        else this.recordStepOutput(change.id, change.output);
      }
    }
  }

  /**
   * Makes a name readable (`item`, `loop`) without making it a variable of the result; the function
   * returned puts back what the name was before.
   */
  bind(name: string, value: unknown): () => void {
    const had = this.scope.has(name);
    const previous = this.scope.get(name);
    this.scope.set(name, value);
    return () => {
      if (had) this.scope.set(name, previous);
      else this.scope.delete(name);
    };
  }

  /** Makes a step's value readable as `steps.<id>.output`. */
  recordStepOutput(id: string, output: unknown): void {
    this.#steps[id] = { output };
    this.#log?.push({ kind: 'step', id, output });
  }

  /** Inputs and every variable saved or set, by name. */
  variables(): Record<string, unknown> {
    return Object.fromEntries(this.#variables);
  }

  /** Evaluates a value; a template error becomes a {@link WorkflowRunError} at its place in the file. */
  evaluate(value: TemplateValue): unknown {
    return this.#located(value.span, () => renderTemplateValue(value, this.scope));
  }

  /** Evaluates a template to text; a template error becomes a {@link WorkflowRunError}. */
  evaluateText(template: Template, fallback: SourceSpan): string {
    return this.#located(template.span ?? fallback, () => renderTemplateText(template, this.scope));
  }

  #located<T>(fallback: SourceSpan, evaluate: () => T): T {
    try {
      return evaluate();
    } catch (error) {
      if (!TemplateError.isTemplateError(error)) throw error;
      const diagnostic = diagnosticAt(error.span ?? fallback, error.code, error.message, error.hint);
      throw new WorkflowRunError(
        error.code,
        diagnostic,
        new Map([[this.#document.file, this.#document.source]]),
        {
          cause: error,
        },
      );
    }
  }
}

/** One change a forked state made: a variable assigned, or a step's output recorded. */
type StateChange =
  | { readonly kind: 'assign'; readonly name: string; readonly value: unknown }
  | { readonly kind: 'step'; readonly id: string; readonly output: unknown };
