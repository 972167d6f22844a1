import type { FixtureReply, RecordedRequest } from '../src/testing/index.ts';

/** The limits the fixture server enforces and set-up (b) declares. */
export const LIMITS = { requestsPerMinute: 600, tokensPerMinute: 200_000 } as const;
/** The fixture server's answer latency, uniform in this range, for every answer (429s included). */
export const LATENCY = { minMs: 20, maxMs: 200 } as const;
/** The agents' `maxTokens`: the server never reports more output than this. */
export const MAX_OUTPUT_TOKENS = 400;
export const MODEL_ID = 'claude-sonnet-4-5';

/**
 * Prompt sizes: most prompts are short, a few long. The mixture is chosen so that a call averages about
 * 200,000 / 600 ≈ 333 tokens (input ≈ 125 + output ≈ 210): the token and the request limit then run
 * out at nearly the same pace, so both bind.
 */
const SHORT_PROMPTS = { share: 0.93, minChars: 200, maxChars: 600 } as const;
const LONG_PROMPTS = { minChars: 600, maxChars: 3_000 } as const;
const OUTPUT_TOKENS = { min: 20, max: MAX_OUTPUT_TOKENS } as const;

/** mulberry32: a small, fast PRNG with a 32-bit seed; numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One planned call: its prompt and the usage the server will report for it. */
export interface PlannedCall {
  readonly id: number;
  readonly prompt: string;
  /** ceil(prompt characters / 4): what a tokenizer would count for it. */
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface TrafficPlan {
  readonly calls: readonly PlannedCall[];
  readonly totalTokens: number;
  readonly meanPromptChars: number;
  readonly meanInputTokens: number;
  readonly meanOutputTokens: number;
}

const WORDS = [
  'agent',
  'budget',
  'token',
  'limit',
  'queue',
  'model',
  'reply',
  'retry',
  'minute',
  'bucket',
  'request',
  'header',
  'server',
  'latency',
  'window',
  'steady',
];

/** `[call 00042] ` then random words, cut to exactly `length` characters (ASCII: bytes = characters). */
function promptText(id: number, length: number, random: () => number): string {
  let text = `[call ${String(id).padStart(5, '0')}]`;
  while (text.length < length) text += ` ${WORDS[Math.floor(random() * WORDS.length)]}`;
  return text.slice(0, length);
}

/**
 * `count` numbers in [0, 1), one in each of the `count` equal strata, in random order (Latin hypercube
 * sampling): the sizes then follow the intended distribution closely even in a small plan, so the mean
 * tokens per call does not drift with the seed.
 */
function stratified(count: number, random: () => number): number[] {
  const values = Array.from({ length: count }, (_, index) => (index + random()) / count);
  for (let index = count - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [values[index], values[other]] = [values[other]!, values[index]!];
  }
  return values;
}

/** The same `count` calls for every set-up and every run with the same seed. */
export function planCalls(count: number, seed = 20_260_101): TrafficPlan {
  const random = seededRandom(seed);
  const kinds = stratified(count, random);
  const lengths = stratified(count, random);
  const outputs = stratified(count, random);
  const calls: PlannedCall[] = [];
  let totalTokens = 0;
  let chars = 0;
  let input = 0;
  let output = 0;
  for (let id = 0; id < count; id += 1) {
    const range = kinds[id]! < SHORT_PROMPTS.share ? SHORT_PROMPTS : LONG_PROMPTS;
    const length = range.minChars + Math.floor(lengths[id]! * (range.maxChars - range.minChars + 1));
    const prompt = promptText(id, length, random);
    const inputTokens = Math.ceil(prompt.length / 4);
    const outputTokens =
      OUTPUT_TOKENS.min + Math.floor(outputs[id]! * (OUTPUT_TOKENS.max - OUTPUT_TOKENS.min + 1));
    calls.push({ id, prompt, inputTokens, outputTokens });
    totalTokens += inputTokens + outputTokens;
    chars += prompt.length;
    input += inputTokens;
    output += outputTokens;
  }
  return {
    calls,
    totalTokens,
    meanPromptChars: chars / count,
    meanInputTokens: input / count,
    meanOutputTokens: output / count,
  };
}

const CALL_TAG = /\[call (\d{5})\]/;

/**
 * The server's side of the plan: answers each request with the usage planned for the call it carries,
 * and remembers when each call's latest request arrived (for a call that succeeded, its successful one).
 */
export class PlanServer {
  readonly #plan: TrafficPlan;
  readonly lastArrival = new Map<number, number>();

  constructor(plan: TrafficPlan) {
    this.#plan = plan;
  }

  readonly handler = (request: RecordedRequest): FixtureReply => {
    const match = CALL_TAG.exec(request.rawBody);
    const call = match === null ? undefined : this.#plan.calls[Number(match[1])];
    if (call === undefined) throw new Error('Traffic bench: a request without a known [call n] tag.');
    this.lastArrival.set(call.id, performance.now());
    return { text: 'ok', usage: { input: call.inputTokens, output: call.outputTokens } };
  };
}

/** The value at quantile `q` (0..1) of sorted numbers, nearest rank; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}
