import { VegaError } from '../../errors/vega-error.ts';
import type { ScriptEntry } from './script.ts';

/** A script entry that no call used. */
export interface UnusedScriptEntry {
  readonly index: number;
  readonly entry: ScriptEntry;
}

/**
 * Thrown by `assertComplete()` when script entries were never used: the conversation went differently
 * from what the script expected.
 *
 * @example
 * afterEach(() => model.assertComplete());
 */
export class ScriptIncomplete extends VegaError {
  readonly modelId: string;
  readonly unused: readonly UnusedScriptEntry[];

  constructor(fields: { modelId: string; unused: readonly UnusedScriptEntry[] }) {
    const count = fields.unused.length;
    const list = fields.unused.map((unused) => `  - ${describeEntry(unused)}`).join('\n');
    super(
      'script_incomplete',
      `Scripted model "${fields.modelId}" has ${count} unused ${count === 1 ? 'entry' : 'entries'}:\n${list}`,
      { hint: 'Remove the entries, or check why the calls they expect were not made.' },
    );
    this.name = 'ScriptIncomplete';
    this.modelId = fields.modelId;
    this.unused = fields.unused;
  }
}

function describeEntry({ index, entry }: UnusedScriptEntry): string {
  const facts: string[] = [];
  if (entry.agent !== undefined) facts.push(`agent ${entry.agent}`);
  if (entry.turn !== undefined) facts.push(`turn ${entry.turn}`);
  if (entry.match !== undefined) facts.push(`match ${String(entry.match)}`);
  if (entry.text !== undefined) facts.push(`text ${JSON.stringify(entry.text.slice(0, 40))}`);
  if (entry.toolCalls !== undefined)
    facts.push(`tool calls ${entry.toolCalls.map((call) => call.name).join(', ')}`);
  if (entry.error !== undefined) facts.push(`error ${entry.error.status}`);
  return `replies[${index}]${facts.length === 0 ? '' : ` (${facts.join(', ')})`}`;
}
