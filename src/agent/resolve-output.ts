import { OutputValidationError } from '../errors/output-validation-error.ts';
import type { PreparedAgent } from './prepared-agent.ts';

const FENCE = /^\s*```(?:json)?\s*\n?([\s\S]*?)\n?```\s*$/;

/**
 * The run's final value: the text, or, when the agent declares an output schema, the reply parsed as
 * JSON (a Markdown code fence around it is tolerated) and validated.
 */
export function resolveOutput<Output>(agent: PreparedAgent<Output>, text: string): Output {
  if (agent.output === undefined) return text as Output;
  const json = FENCE.exec(text)?.[1] ?? text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new OutputValidationError(agent.name, text, ['the reply is not valid JSON'], error);
  }
  const parsed = agent.output.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  throw new OutputValidationError(agent.name, text, issues, parsed.error);
}
