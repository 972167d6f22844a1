import { InvalidJsonReply } from '../../errors/invalid-json-reply.ts';
import type { JsonSchema } from '../document/step.ts';
import { checkJsonSchema } from '../json/check-json-schema.ts';
import { parseJsonReply } from '../json/parse-json-reply.ts';
import type { AgentReply } from '../run/workflow-result.ts';
import { combineReplies } from './combine-replies.ts';

/** How many times a `format: json` step asks again after a bad reply, before it fails. */
export const MAX_JSON_REASKS = 2;

/**
 * Asks for a JSON reply: sends `message`, parses the reply (a code fence around it is fine) and checks
 * it against `schema`; a bad reply is answered with what was wrong and the agent asked again, up to
 * {@link MAX_JSON_REASKS} times, then {@link InvalidJsonReply} (`invalid_json` or `schema_mismatch`).
 * `ask(text, attempt)` sends one message (attempt 0 is the step's own), continuing the conversation.
 *
 * @example
 * const { value } = await askForJson('Rate it as {"score": n}', ask, { step: 'rate', agent: 'Critic' });
 */
export async function askForJson(
  message: string,
  ask: (text: string, attempt: number) => Promise<AgentReply>,
  options: { readonly step: string; readonly agent: string; readonly schema?: JsonSchema },
): Promise<{ value: unknown; reply: AgentReply; reasks: number }> {
  let reply = await ask(message, 0);
  for (let attempt = 0; ; attempt++) {
    const parsed = parseJsonReply(reply.text);
    const problems = parsed.ok
      ? options.schema === undefined
        ? []
        : checkJsonSchema(parsed.value, options.schema)
      : [parsed.problem];
    if (parsed.ok && problems.length === 0) return { value: parsed.value, reply, reasks: attempt };
    if (attempt === MAX_JSON_REASKS) {
      throw new InvalidJsonReply(parsed.ok ? 'schema_mismatch' : 'invalid_json', {
        step: options.step,
        agent: options.agent,
        problems,
        reply: reply.text,
        attempts: attempt + 1,
      });
    }
    reply = combineReplies(reply, await ask(feedback(problems, options.schema), attempt + 1));
  }
}

function feedback(problems: readonly string[], schema: JsonSchema | undefined): string {
  const lines = [
    'Your last reply could not be used:',
    ...problems.map((problem) => `- ${problem}`),
    'Reply again with only the JSON value, no other text.',
  ];
  if (schema !== undefined) lines.push(`It must match this JSON Schema: ${JSON.stringify(schema)}`);
  return lines.join('\n');
}
