import { z } from 'zod';
import type { ModelFunctionTool } from '../spec/model.ts';

/** What a tool's `execute` receives besides its input. */
export interface ToolExecutionContext {
  /** Aborted when the run is cancelled; long-running tools must stop on it. */
  readonly signal: AbortSignal;
  /** The id the model gave this call. */
  readonly toolCallId: string;
  /** The calling agent's name. */
  readonly agent: string;
}

/** How a tool is declared. */
export interface ToolOptions<Schema extends z.ZodType, Output> {
  readonly name: string;
  readonly description: string;
  /** A zod schema for the arguments; the model sees it as JSON Schema, and calls are validated with it. */
  readonly input: Schema;
  readonly execute: (input: z.output<Schema>, context: ToolExecutionContext) => Output | Promise<Output>;
  /** Whether running the tool twice with the same input has the same effect as once (for resume). */
  readonly idempotent?: boolean;
}

/** A tool an agent can call. Create it with {@link tool}. */
export interface Tool<Input = unknown, Output = unknown> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<Input>;
  readonly idempotent: boolean;
  readonly execute: (input: Input, context: ToolExecutionContext) => Output | Promise<Output>;
  /** The declaration sent to the model, computed once. */
  readonly definition: ModelFunctionTool;
}

/** A tool of any input and output, as agents hold them. */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of tools needs an open input type
export type AnyTool = Tool<any, unknown>;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Declares a tool: a name, a description for the model, a zod schema for its input and the function
 * that runs it. Invalid arguments and thrown errors are returned to the model as tool errors, so the
 * model can correct itself; they never crash the agent.
 *
 * @example
 * const weather = tool({
 *   name: 'get_weather',
 *   description: 'Current weather in a city',
 *   input: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ city, celsius: 21 }),
 * });
 */
export function tool<Schema extends z.ZodType, Output>(
  options: ToolOptions<Schema, Output>,
): Tool<z.output<Schema>, Output> {
  if (!TOOL_NAME.test(options.name)) {
    throw new TypeError(
      `Invalid tool name '${options.name}': use 1 to 64 letters, digits, '_' or '-' (providers reject others).`,
    );
  }
  const inputSchema = z.toJSONSchema(options.input, { io: 'input', target: 'draft-7' });
  return Object.freeze({
    name: options.name,
    description: options.description,
    input: options.input as z.ZodType<z.output<Schema>>,
    idempotent: options.idempotent ?? false,
    execute: options.execute,
    definition: Object.freeze({
      type: 'function',
      name: options.name,
      description: options.description,
      inputSchema: inputSchema as ModelFunctionTool['inputSchema'],
    }),
  });
}
