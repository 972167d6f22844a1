import type { SourceSpan } from '../../diagnostics/source-span.ts';
import type { Located } from '../document/located.ts';
import type { SaveTarget } from '../document/step.ts';
import type { TemplateValue } from '../document/template-value.ts';
import { type ExpressionReference, expressionReferences } from '../template/expression-references.ts';
import { SOURCE_BUILTINS } from '../template/read-builtin.ts';
import { type Template, templateExpressions } from '../template/template.ts';
import type { LoadContext } from './load-context.ts';
import { reportUndefinedName, reportUnknownInput, reportUnknownStep } from './report-undefined.ts';

/** Built-ins of the spec that this version does not provide yet. */
const UNSUPPORTED_BUILTINS = new Set(['run']);
/** Built-ins every template can read: the clock, a random UUID, the environment. */
const PROVIDED_BUILTINS: ReadonlySet<string> = new Set(SOURCE_BUILTINS);

interface Definition {
  readonly span: SourceSpan;
  /** Saved by a step or `set`, so worth a warning when nothing reads it. */
  readonly saved: boolean;
  read: boolean;
  /** Definitions of the same name by other alternatives (`then`/`else`): a read reads them all. */
  peers?: Definition[];
}

/** A templated `save:` (`"result_{{loop.index}}"`): it defines the names that start with `prefix`. */
interface SavePattern {
  readonly prefix: string;
  readonly definition: Definition;
}

/**
 * The names defined at one point of a workflow, walked in step order by the static check: reading an
 * undefined name is an error at its `{{`, listing what is defined and suggesting the closest name.
 * Also tracks saved variables nobody reads.
 */
export class VariableScope {
  readonly #context: LoadContext;
  readonly #workflow: string;
  readonly #names = new Map<string, Definition>();
  readonly #stepIds = new Set<string>();
  readonly #patterns: SavePattern[] = [];
  /** The names read inside each loop body being checked, innermost last. */
  readonly #loopReads: Set<string>[] = [];
  readonly #savedNames = new Map<Definition, string>();
  readonly #inputNames: string[] = [];
  readonly #log: Definition[] = [];

  constructor(context: LoadContext, workflow: string) {
    this.#context = context;
    this.#workflow = workflow;
  }

  /** Defines a name from here on; `saved` marks names a step or `set` wrote. */
  define(name: Located<string>, options: { saved: boolean }): void {
    const definition: Definition = { span: name.span, saved: options.saved, read: false };
    this.#names.set(name.value, definition);
    this.#log.push(definition);
    if (options.saved) this.#savedNames.set(definition, name.value);
  }

  /**
   * Defines what a `save:` names: the name, or for a templated name (`"result_{{loop.index}}"`) every
   * name that starts with its literal prefix (`result_`), since which one is known only at run time.
   * A template with no literal prefix makes every name readable from here on. The template's own
   * names are read first.
   */
  defineSave(save: SaveTarget): void {
    if (save.template === undefined) {
      this.define(save, { saved: true });
      return;
    }
    this.readTemplate(save.template);
    const [first] = save.template.segments;
    const prefix = first?.kind === 'text' ? first.text : '';
    const definition: Definition = { span: save.span, saved: true, read: false };
    this.#patterns.push({ prefix, definition });
    this.#log.push(definition);
    this.#savedNames.set(definition, save.value);
  }

  /**
   * Checks blocks of which one runs (`then` or `else`; `try` or its `catch`): each starts from the
   * names defined before; afterwards a name any of them defined is defined, and reading it reads what
   * every block saved under it.
   */
  alternatives(bodies: readonly (() => void)[]): void {
    const before = new Map(this.#names);
    const outcomes: Map<string, Definition>[] = [];
    for (const body of bodies) {
      this.#reset(before);
      body();
      outcomes.push(new Map(this.#names));
    }
    this.#names.clear();
    for (const outcome of outcomes) {
      for (const [name, definition] of outcome) {
        const current = this.#names.get(name);
        if (current !== undefined && current !== definition) {
          definition.peers = [...(definition.peers ?? []), current];
          current.peers = [...(current.peers ?? []), definition];
        }
        this.#names.set(name, definition);
      }
    }
  }

  /**
   * Checks a loop body (`for`, `repeat`): it runs again, so what it saves may be read by its own steps
   * on the next iteration; a name read anywhere in it reads the body's last definition of that name.
   */
  loop(body: () => void): void {
    const reads = new Set<string>();
    this.#loopReads.push(reads);
    try {
      body();
    } finally {
      this.#loopReads.pop();
    }
    for (const name of reads) {
      const definition = this.#names.get(name);
      if (definition !== undefined) markRead(definition);
    }
  }

  /** Defines names only while `body` checks a block (`item`, `loop`); then they are what they were. */
  local(names: readonly Located<string>[], body: () => void): void {
    const previous = names.map((name) => [name.value, this.#names.get(name.value)] as const);
    for (const name of names) this.define(name, { saved: false });
    body();
    for (const [name, definition] of previous) {
      if (definition === undefined) this.#names.delete(name);
      else this.#names.set(name, definition);
    }
  }

  /**
   * Checks concurrent branches (`parallel`): each reads the names defined before the step, not what
   * another branch defines; afterwards, what each defined is defined, branch after branch in order.
   */
  branches(bodies: readonly (() => void)[]): void {
    const before = new Map(this.#names);
    const defined: [string, Definition][] = [];
    for (const body of bodies) {
      this.#names.clear();
      for (const [name, definition] of before) this.#names.set(name, definition);
      body();
      for (const [name, definition] of this.#names) {
        if (before.get(name) !== definition) defined.push([name, definition]);
      }
    }
    this.#reset(before);
    for (const [name, definition] of defined) this.#names.set(name, definition);
  }

  #reset(names: ReadonlyMap<string, Definition>): void {
    this.#names.clear();
    for (const [name, definition] of names) this.#names.set(name, definition);
  }

  /** Declares the workflow's inputs: each by its name, and all under `inputs.<name>`. */
  declareInputs(names: readonly Located<string>[]): void {
    for (const name of names) {
      this.#inputNames.push(name.value);
      this.define(name, { saved: false });
    }
  }

  /** A point to come back to with {@link markReadSince}. */
  checkpoint(): number {
    return this.#log.length;
  }

  /** Marks everything defined since a checkpoint as read: the last step's value is the output. */
  markReadSince(checkpoint: number): void {
    for (const definition of this.#log.slice(checkpoint)) markRead(definition);
  }

  /** Makes `steps.<id>` readable from here on; an id used twice is an error. */
  defineStepId(id: Located<string>): void {
    if (this.#stepIds.has(id.value)) {
      this.#context.report(
        'error',
        'conflicting_keys',
        `step id '${id.value}' is used twice in workflow '${this.#workflow}'`,
        id.span,
        'give each step its own id',
      );
    }
    this.#stepIds.add(id.value);
  }

  /** Checks every `{{ … }}` of a template against the names defined now. */
  readTemplate(template: Template): void {
    for (const segment of templateExpressions(template)) {
      const span = segment.span ?? template.span ?? this.#context.spanOf(null);
      for (const reference of expressionReferences(segment.expression.node)) this.#read(reference, span);
    }
  }

  /** Checks every template inside a value. */
  readValue(value: TemplateValue): void {
    if (value.kind === 'template') this.readTemplate(value.template);
    if (value.kind === 'list') for (const item of value.items) this.readValue(item);
    if (value.kind === 'map') for (const entry of value.entries) this.readValue(entry.value);
  }

  /** Saved variables that nothing read, in the order they were saved. */
  unread(): Located<string>[] {
    return this.#log
      .filter((definition) => definition.saved && !definition.read)
      .map((definition) => ({
        value: this.#savedNames.get(definition) ?? '',
        span: definition.span,
      }));
  }

  #read(reference: ExpressionReference, span: SourceSpan): void {
    const definition = this.#names.get(reference.root);
    const place = { context: this.#context, workflow: this.#workflow, span };
    const [first, second] = reference.path;
    for (const reads of this.#loopReads) reads.add(reference.root);
    const pattern =
      definition === undefined
        ? this.#patterns.find(({ prefix }) => reference.root.startsWith(prefix))
        : undefined;
    if (definition !== undefined) {
      markRead(definition);
    } else if (pattern !== undefined) {
      markRead(pattern.definition);
    } else if (PROVIDED_BUILTINS.has(reference.root) || reference.optional === true) {
      return;
    } else if (reference.root === 'inputs') {
      if (first === undefined) return;
      const input =
        typeof first === 'string' && this.#inputNames.includes(first) ? this.#names.get(first) : undefined;
      if (input === undefined) reportUnknownInput(place, first, this.#inputNames);
      else input.read = true;
    } else if (reference.root === 'steps') {
      const known =
        typeof first === 'string' &&
        this.#stepIds.has(first) &&
        (second === undefined || second === 'output');
      if (first !== undefined && !known) reportUnknownStep(place, reference.path, [...this.#stepIds]);
    } else if (reference.root === 'error') {
      this.#context.report(
        'error',
        'undefined_variable',
        '`error` is not defined here',
        span,
        'it is defined inside `catch: [ … ]` of a `try`, and after a step with `continue_on_error: true`',
      );
    } else if (UNSUPPORTED_BUILTINS.has(reference.root)) {
      this.#context.report(
        'error',
        'unsupported',
        `\`{{${reference.root}}}\` is not supported yet by this version of Vega`,
        span,
        'pass the value as an input instead',
      );
    } else {
      reportUndefinedName(place, reference.root, [...this.#names.keys()]);
    }
  }
}

/** Marks a definition read, with the definitions other alternatives made of the same name. */
function markRead(definition: Definition): void {
  if (definition.read) return;
  definition.read = true;
  for (const peer of definition.peers ?? []) markRead(peer);
}
