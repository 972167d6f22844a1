import { z } from 'zod';
import { compilePattern } from './compile-pattern.ts';
import { chunksProblem } from './compile-script.ts';
import type { Script, ScriptEntry, ScriptFallback } from './script.ts';
import type { ScriptedError, ScriptedReply, ScriptedToolCall, ScriptedUsage } from './scripted-reply.ts';

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

const count = z.int().nonnegative();
const wholeFromOne = { error: 'must be a whole number from 1' };
const positiveWhole = z.int(wholeFromOne).positive(wholeFromOne);

function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${issue.keys.length === 1 ? 'key' : 'keys'} ${issue.keys.map((key) => `"${key}"`).join(', ')}; expected one of: ${known}`
        : undefined,
  });
}

/** Accepts a key written in snake_case or camelCase, not both. */
function either<Value>(
  value: Record<string, unknown>,
  camel: string,
  snake: string,
  context: z.core.$RefinementCtx,
): Value | undefined {
  if (value[camel] !== undefined && value[snake] !== undefined) {
    context.addIssue({
      code: 'custom',
      message: `use either "${snake}" or "${camel}", not both`,
      path: [snake],
    });
  }
  return (value[camel] ?? value[snake]) as Value | undefined;
}

const usageSchema = strict({
  input: count.optional(),
  output: count.optional(),
  reasoning: count.optional(),
  cacheRead: count.optional(),
  cache_read: count.optional(),
  cacheWrite: count.optional(),
  cache_write: count.optional(),
}).transform((value, context): ScriptedUsage => {
  const usage: Mutable<ScriptedUsage> = {};
  if (value.input !== undefined) usage.input = value.input;
  if (value.output !== undefined) usage.output = value.output;
  if (value.reasoning !== undefined) usage.reasoning = value.reasoning;
  const cacheRead = either<number>(value, 'cacheRead', 'cache_read', context);
  if (cacheRead !== undefined) usage.cacheRead = cacheRead;
  const cacheWrite = either<number>(value, 'cacheWrite', 'cache_write', context);
  if (cacheWrite !== undefined) usage.cacheWrite = cacheWrite;
  return usage;
});

const toolCallSchema = strict({
  name: z.string().min(1),
  input: z.unknown().optional(),
  id: z.string().min(1).optional(),
}).transform((value): ScriptedToolCall => {
  const call: Mutable<ScriptedToolCall> = { name: value.name, input: value.input ?? {} };
  if (value.id !== undefined) call.id = value.id;
  return call;
});

const errorSchema = strict({
  status: z.int().min(100).max(599),
  message: z.string(),
  type: z.string().optional(),
  // YAML reads `retry-after: 2` as a number; headers are text on the wire.
  headers: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).optional(),
}).transform((value): ScriptedError => {
  const error: Mutable<ScriptedError> = { status: value.status, message: value.message };
  if (value.type !== undefined) error.type = value.type;
  if (value.headers !== undefined) error.headers = value.headers;
  return error;
});

const finishReasonSchema = z.enum(['stop', 'length', 'tool-calls', 'content-filter', 'error', 'other']);

const replyShape = {
  text: z.string().optional(),
  toolCalls: z.array(toolCallSchema).optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  usage: usageSchema.optional(),
  finishReason: finishReasonSchema.optional(),
  finish_reason: finishReasonSchema.optional(),
  chunks: z.array(z.string()).optional(),
  error: errorSchema.optional(),
};

const matcherShape = {
  agent: z.string().min(1).optional(),
  turn: positiveWhole.optional(),
  match: z
    .string()
    .superRefine((pattern, context) => {
      try {
        compilePattern(pattern);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `not a valid regular expression: ${(error as Error).message}`,
        });
      }
    })
    .optional(),
  times: z
    .union([z.literal('always'), positiveWhole, z.literal(Number.POSITIVE_INFINITY)], {
      error: "must be a whole number from 1, or 'always'",
    })
    .optional(),
};

type ReplyFields = z.output<z.ZodObject<typeof replyShape>>;

function toReply(value: ReplyFields, context: z.core.$RefinementCtx): Mutable<ScriptedReply> {
  const reply: Mutable<ScriptedReply> = {};
  if (value.text !== undefined) reply.text = value.text;
  const toolCalls = either<ScriptedToolCall[]>(value, 'toolCalls', 'tool_calls', context);
  if (toolCalls !== undefined) reply.toolCalls = toolCalls;
  if (value.usage !== undefined) reply.usage = value.usage;
  const finishReason = either<ScriptedReply['finishReason']>(value, 'finishReason', 'finish_reason', context);
  if (finishReason !== undefined) reply.finishReason = finishReason;
  if (value.chunks !== undefined) {
    reply.chunks = value.chunks;
    const problem = chunksProblem(value.text, value.chunks);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem, path: ['chunks'] });
  }
  if (value.error !== undefined) reply.error = value.error;
  return reply;
}

const replySchema = strict(replyShape).transform(toReply);

const entrySchema = strict({ ...replyShape, ...matcherShape }).transform((value, context): ScriptEntry => {
  const entry: Mutable<ScriptEntry> = toReply(value, context);
  if (value.agent !== undefined) entry.agent = value.agent;
  if (value.turn !== undefined) entry.turn = value.turn;
  if (value.match !== undefined) entry.match = value.match;
  if (value.times !== undefined) entry.times = value.times;
  return entry;
});

const fallbackSchema = z.union([z.literal('echo'), z.literal('error'), replySchema], {
  error: "must be 'echo', 'error' or a reply (text, tool_calls, usage, ...)",
});

/** The shape of a script file: `replies` and an optional `fallback`. */
export const scriptFileSchema = strict({
  replies: z.array(entrySchema),
  fallback: fallbackSchema.optional(),
}).transform((value): Script => {
  const fallback: ScriptFallback | undefined = value.fallback;
  return fallback === undefined ? { replies: value.replies } : { replies: value.replies, fallback };
});
