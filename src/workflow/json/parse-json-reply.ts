/** A reply read as JSON: its value, or why it is not JSON. */
export type JsonReply =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: string };

const FENCE = /```(?:json|JSON)?[ \t]*\r?\n([\s\S]*?)\r?\n?```/;

/**
 * Parses an agent's reply as JSON: the whole text, or else the first Markdown code fence in it
 * (```` ```json ```` or a bare ```` ``` ````), as models often wrap JSON in one.
 *
 * @example
 * parseJsonReply('```json\n{"ok": true}\n```'); // { ok: true, value: { ok: true } }
 * parseJsonReply('Sure!'); // { ok: false, problem: 'the reply is not JSON: …' }
 */
export function parseJsonReply(text: string): JsonReply {
  const whole = tryParse(text.trim());
  if (whole.ok) return whole;
  const fenced = FENCE.exec(text)?.[1];
  if (fenced !== undefined) {
    const inner = tryParse(fenced.trim());
    if (inner.ok) return inner;
    return { ok: false, problem: `the code block in the reply is not valid JSON: ${inner.problem}` };
  }
  return { ok: false, problem: `the reply is not valid JSON: ${whole.problem}` };
}

function tryParse(text: string): JsonReply {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, problem: error instanceof Error ? error.message : String(error) };
  }
}
