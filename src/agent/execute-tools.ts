import { createHash } from 'node:crypto';
import { canonicalJson } from '../durable/canonical-json.ts';
import { AgentCrash } from '../errors/agent-crash.ts';
import { inSpan } from '../observe/tracing/in-span.ts';
import { markToolError, toolSpanAttributes } from '../observe/tracing/tool-span.ts';
import type { JSONValue, ModelMessage, ModelToolCall, ModelToolResultPart } from '../spec/model.ts';
import type { ToolCallRecord } from './agent-result.ts';
import type { PreparedAgent } from './prepared-agent.ts';
import type { AnyTool } from './tool.ts';
import { parseToolInput } from './turn-response.ts';

type ToolMessage = Extract<ModelMessage, { role: 'tool' }>;

/**
 * Runs the tool calls of one turn, concurrently when there are several, and returns what goes back to
 * the model. An unknown tool, invalid arguments or a thrown error become a tool error the model reads;
 * only cancellation and {@link AgentCrash} escape.
 */
export async function executeTools<Output>(
  agent: PreparedAgent<Output>,
  calls: readonly ModelToolCall[],
  turn: number,
  signal: AbortSignal,
): Promise<ToolCallRecord[]> {
  if (calls.length === 1) return [await executeTool(agent, calls[0]!, turn, 0, signal)];
  return Promise.all(calls.map((call, index) => executeTool(agent, call, turn, index, signal)));
}

async function executeTool<Output>(
  agent: PreparedAgent<Output>,
  call: ModelToolCall,
  turn: number,
  index: number,
  signal: AbortSignal,
): Promise<ToolCallRecord> {
  const input = parseToolInput(call.input);
  const record = (output: unknown, isError: boolean): ToolCallRecord => ({
    turn,
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    input,
    output,
    isError,
  });
  const tool = agent.tools.get(call.toolName);
  if (tool === undefined) return record(unknownToolMessage(agent, call.toolName), true);
  if (typeof input === 'string' && call.input !== '') {
    return record(`Invalid arguments for tool '${call.toolName}': not valid JSON. Send a JSON object.`, true);
  }
  const parsed = tool.input.safeParse(input);
  if (!parsed.success) return record(invalidArgumentsMessage(tool, parsed.error.issues), true);
  const run = (): Promise<ToolOutcome> =>
    inSpan(
      `execute_tool ${call.toolName}`,
      () => toolSpanAttributes(agent, call),
      async (span) => {
        const outcome = await invoke();
        if (outcome.isError) markToolError(span);
        return outcome;
      },
    );
  const invoke = async (): Promise<ToolOutcome> => {
    try {
      const output = await tool.execute(parsed.data, {
        signal,
        toolCallId: call.toolCallId,
        agent: agent.name,
      });
      return { output: output === undefined ? null : output, isError: false };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (error instanceof AgentCrash) throw error;
      return {
        output: `Tool '${call.toolName}' failed: ${error instanceof Error ? error.message : String(error)}`,
        isError: true,
      };
    }
  };
  const position = agent.journal;
  const outcome =
    position === undefined
      ? await run()
      : await position.journal.effect<ToolOutcome>(
          `${position.key}/t${turn}/tool-${index}`,
          {
            kind: 'tool-call',
            idempotent: tool.idempotent,
            ...(position.processId === undefined ? {} : { processId: position.processId }),
            request: {
              tool: tool.name,
              // Of the redacted arguments: a resumed run reads them from a recorded (redacted) reply.
              digest: createHash('sha256')
                .update(canonicalJson(position.journal.redact?.(parsed.data) ?? parsed.data))
                .digest('hex'),
            },
          },
          run,
        );
  return record(outcome.output, outcome.isError);
}

/** What a tool call came to: what the model reads, and whether it is an error. */
interface ToolOutcome {
  readonly output: unknown;
  readonly isError: boolean;
}

function unknownToolMessage<Output>(agent: PreparedAgent<Output>, name: string): string {
  const names = [...agent.tools.keys()];
  const available = names.length === 0 ? 'this agent has no tools' : `available tools: ${names.join(', ')}`;
  return `Unknown tool '${name}': ${available}.`;
}

function invalidArgumentsMessage(
  tool: AnyTool,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  const details = issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
  return `Invalid arguments for tool '${tool.name}': ${details.join('; ')}. Call it again with arguments that match its schema.`;
}

/** The tool message that answers a turn's calls, in call order. */
export function toolMessage(records: readonly ToolCallRecord[]): ToolMessage {
  return { role: 'tool', content: records.map(toolResultPart) };
}

function toolResultPart(record: ToolCallRecord): ModelToolResultPart {
  const { output } = record;
  let value: ModelToolResultPart['output'];
  if (record.isError) value = { type: 'error-text', value: String(output) };
  else if (typeof output === 'string') value = { type: 'text', value: output };
  else value = { type: 'json', value: output as JSONValue };
  return { type: 'tool-result', toolCallId: record.toolCallId, toolName: record.toolName, output: value };
}
