import type { ScriptedReply } from './scripted-reply.ts';

/**
 * Which calls a script entry answers. Every matcher that is present must match; an entry without
 * matchers answers the next call that reaches it.
 */
export interface ScriptMatchers {
  /** The calling agent's id, exactly (from `providerOptions.vega.agent`). */
  readonly agent?: string;
  /**
   * The nth call this model has received from that agent, 1-based. The scripted model counts calls
   * itself, so a retried call is a new turn.
   */
  readonly turn?: number;
  /**
   * A regular expression tested against the text of the last user message: its source (`weather in
   * (\\w+)`) or the `/source/flags` form (`/paris/i`). Compiled once, when the model is created.
   */
  readonly match?: string | RegExp;
  /** How many calls this entry may answer. Default 1; `'always'` or `Infinity` for no limit. */
  readonly times?: number | 'always';
}

/** A scripted reply with the matchers that decide which call it answers. */
export interface ScriptEntry extends ScriptedReply, ScriptMatchers {}

/**
 * What answers a call that no entry matches: a reply (used for every such call), `'echo'` (an
 * {@link echoModel}-style answer), or `'error'` (throw {@link ScriptExhausted}, the default).
 */
export type ScriptFallback = ScriptedReply | 'echo' | 'error';

/**
 * A scripted conversation: entries tried in order, each answering the calls it matches.
 *
 * @example
 * const script: Script = {
 *   replies: [
 *     { agent: 'Writer', turn: 1, text: 'A haiku.', usage: { input: 120, output: 18 } },
 *     { match: 'weather in (\\w+)', toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }] },
 *     { text: 'Done.' },
 *   ],
 *   fallback: 'echo',
 * };
 */
export interface Script {
  readonly replies: readonly ScriptEntry[];
  readonly fallback?: ScriptFallback;
}
