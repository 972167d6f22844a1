import { compilePattern } from './compile-pattern.ts';
import { InvalidScript, type ScriptIssue } from './invalid-script.ts';
import type { Script, ScriptEntry, ScriptFallback } from './script.ts';

/** A script entry ready for matching: its pattern compiled, its uses counted. */
export interface CompiledEntry {
  readonly index: number;
  readonly entry: ScriptEntry;
  readonly agent: string | undefined;
  readonly turn: number | undefined;
  readonly pattern: RegExp | undefined;
  readonly times: number;
  uses: number;
}

/** A script ready for one model: its own entries, so use counts are per model. */
export interface CompiledScript {
  readonly entries: readonly CompiledEntry[];
  readonly fallback: ScriptFallback | undefined;
  /** Entries before this index are used up; matching starts here. */
  firstOpen: number;
}

/**
 * Checks a script and compiles its patterns once, so matching a call compiles nothing.
 * Throws {@link InvalidScript} listing every problem.
 *
 * @example
 * const compiled = compileScript({ replies: [{ match: '/hello/i', text: 'Hi!' }] });
 */
export function compileScript(script: Script | readonly ScriptEntry[], fileName?: string): CompiledScript {
  const replies = isEntryList(script) ? script : script.replies;
  const issues: ScriptIssue[] = [];
  const entries = replies.map((entry, index): CompiledEntry => {
    const problem = (field: string, message: string) =>
      issues.push({
        path: `replies[${index}]${field === '' ? '' : `.${field}`}`,
        message,
        entryIndex: index,
      });
    let pattern: RegExp | undefined;
    if (entry.match !== undefined) {
      try {
        pattern = compilePattern(entry.match);
      } catch (error) {
        problem('match', `not a valid regular expression: ${(error as Error).message}`);
      }
    }
    if (entry.turn !== undefined && !(Number.isInteger(entry.turn) && entry.turn >= 1)) {
      problem('turn', `must be a whole number from 1, got ${entry.turn}`);
    }
    const times = entry.times === 'always' ? Number.POSITIVE_INFINITY : (entry.times ?? 1);
    if (!(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times >= 1))) {
      problem('times', `must be a whole number from 1, 'always' or Infinity, got ${String(entry.times)}`);
    }
    const chunkProblem = chunksProblem(entry.text, entry.chunks);
    if (chunkProblem !== undefined) problem('chunks', chunkProblem);
    return { index, entry, agent: entry.agent, turn: entry.turn, pattern, times, uses: 0 };
  });
  const fallback = isEntryList(script) ? undefined : script.fallback;
  if (typeof fallback === 'object') {
    const chunkProblem = chunksProblem(fallback.text, fallback.chunks);
    if (chunkProblem !== undefined) issues.push({ path: 'fallback.chunks', message: chunkProblem });
  }
  if (issues.length > 0) throw new InvalidScript({ fileName, issues });
  return { entries, fallback, firstOpen: 0 };
}

/**
 * Why `chunks` cannot stream `text`, or `undefined` when they can. Chunks without text are the text.
 *
 * @example
 * chunksProblem('ab', ['a', 'c']); // 'chunks join to "ac" but text is "ab"'
 */
export function chunksProblem(
  text: string | undefined,
  chunks: readonly string[] | undefined,
): string | undefined {
  if (chunks === undefined || text === undefined) return undefined;
  const joined = chunks.join('');
  if (joined === text) return undefined;
  return `chunks join to ${JSON.stringify(joined)} but text is ${JSON.stringify(text)}`;
}

function isEntryList(script: Script | readonly ScriptEntry[]): script is readonly ScriptEntry[] {
  return Array.isArray(script);
}
