import { VegaError } from '../../errors/vega-error.ts';

const PREVIEW_LENGTH = 80;

/**
 * A scripted model was called but no script entry matched and the script has no fallback. The message
 * names the agent, the turn and the last user message, and shows the entry that would answer.
 *
 * @example
 * try { await model.doGenerate(options); } catch (error) {
 *   if (VegaError.isInstance(error) && error.code === 'script_exhausted') console.error(error.message);
 * }
 */
export class ScriptExhausted extends VegaError {
  readonly modelId: string;
  readonly agent: string | undefined;
  readonly turn: number;
  readonly lastUserMessage: string;

  constructor(fields: { modelId: string; agent: string | undefined; turn: number; lastUserMessage: string }) {
    const who = fields.agent === undefined ? 'a call without an agent' : `agent "${fields.agent}"`;
    const preview = quotePreview(fields.lastUserMessage);
    const example = [
      ...(fields.agent === undefined ? [] : [`  - agent: ${fields.agent}`]),
      `  ${fields.agent === undefined ? '-' : ' '} turn: ${fields.turn}`,
      '    text: "..."',
    ].join('\n');
    const hint = `Add an entry to the script's replies, e.g.\n${example}\nor set \`fallback: echo\`.`;
    super(
      'script_exhausted',
      `Scripted model "${fields.modelId}" has no reply for ${who}, turn ${fields.turn}. ` +
        `Last user message: ${preview}. ${hint}`,
      { hint },
    );
    this.name = 'ScriptExhausted';
    this.modelId = fields.modelId;
    this.agent = fields.agent;
    this.turn = fields.turn;
    this.lastUserMessage = fields.lastUserMessage;
  }
}

function quotePreview(text: string): string {
  const shortened = text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH)}…` : text;
  return JSON.stringify(shortened);
}
