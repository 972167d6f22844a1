/**
 * The agent scenario shared by the provider integration tests: a travel assistant with a weather tool
 * (called twice in parallel in the first reply) and the built-in `write_file` tool, run through the real
 * provider adapters against the fixture server.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { z } from 'zod';
import { type AgentStreamPart, defineAgent, fileTools, tool } from '../../src/index.ts';
import type { ScriptedReply, ScriptedUsage } from '../../src/testing/index.ts';

export const USER_MESSAGE = 'What is the weather in Paris and in Rome? Save a note about it.';
export const SYSTEM_PROMPT = 'You are a travel assistant. Use the tools; keep answers short.';

export const NOTE_PATH = 'trips/weather.md';
export const NOTE_CONTENT = '# Weather\n\n- Paris: sunny, 21 °C\n- Rome: cloudy, 17 °C\n';
export const FIRST_TEXT = 'I will check both cities and save a note.';
export const FINAL_TEXT = `Paris is sunny at 21 °C and Rome is cloudy at 17 °C. The note is in ${NOTE_PATH}.`;
/** How the final text is streamed; the pieces join to {@link FINAL_TEXT}. */
export const FINAL_CHUNKS = [
  'Paris is sunny',
  ' at 21 °C and Rome',
  ' is cloudy at 17 °C.',
  ` The note is in ${NOTE_PATH}.`,
];

export const PARIS_WEATHER = { city: 'Paris', celsius: 21, sky: 'sunny' };
export const ROME_WEATHER = { city: 'Rome', celsius: 17, sky: 'cloudy' };
export const WRITE_RESULT = `Wrote ${Buffer.byteLength(NOTE_CONTENT)} bytes to ${NOTE_PATH}`;

/** Tool call ids in the provider's own style, so the wire assertions can follow them. */
export interface TripCallIds {
  readonly paris: string;
  readonly rome: string;
  readonly note: string;
}

/** The two replies of the scenario: three tool calls (two of them parallel weather calls), then the answer. */
export function tripScript(
  ids: TripCallIds,
  usage: { readonly first: ScriptedUsage; readonly second: ScriptedUsage },
): ScriptedReply[] {
  return [
    {
      text: FIRST_TEXT,
      toolCalls: [
        { id: ids.paris, name: 'get_weather', input: { city: 'Paris' } },
        { id: ids.rome, name: 'get_weather', input: { city: 'Rome' } },
        { id: ids.note, name: 'write_file', input: { path: NOTE_PATH, content: NOTE_CONTENT } },
      ],
      usage: usage.first,
    },
    { text: FINAL_TEXT, chunks: FINAL_CHUNKS, usage: usage.second },
  ];
}

/** The agent under test, with a log of what its weather tool saw, in order. */
export function tripAgent(model: string, sandbox: string) {
  const weatherLog: string[] = [];
  const weather = tool({
    name: 'get_weather',
    description: 'The current weather in a city.',
    input: z.object({ city: z.string(), unit: z.enum(['celsius', 'fahrenheit']).default('celsius') }),
    async execute({ city, unit }) {
      weatherLog.push(`start ${city} in ${unit}`);
      // Yield to the event loop once: if the calls run concurrently, both start before either ends.
      await new Promise<void>((resolve) => setImmediate(resolve));
      weatherLog.push(`end ${city}`);
      return city === 'Paris' ? PARIS_WEATHER : ROME_WEATHER;
    },
  });
  const agent = defineAgent({
    name: 'travel',
    model,
    system: SYSTEM_PROMPT,
    tools: [weather, fileTools(sandbox).write_file],
    maxTurns: 4,
  });
  return { agent, weatherLog };
}

/** What the weather log must say when the two calls ran concurrently, with the zod default applied. */
export const CONCURRENT_WEATHER_LOG = [
  'start Paris in celsius',
  'start Rome in celsius',
  'end Paris',
  'end Rome',
];

/** The tool calls the run must record, in call order. */
export function expectedToolCalls(ids: TripCallIds) {
  return [
    {
      turn: 1,
      toolCallId: ids.paris,
      toolName: 'get_weather',
      input: { city: 'Paris' },
      output: PARIS_WEATHER,
      isError: false,
    },
    {
      turn: 1,
      toolCallId: ids.rome,
      toolName: 'get_weather',
      input: { city: 'Rome' },
      output: ROME_WEATHER,
      isError: false,
    },
    {
      turn: 1,
      toolCallId: ids.note,
      toolName: 'write_file',
      input: { path: NOTE_PATH, content: NOTE_CONTENT },
      output: WRITE_RESULT,
      isError: false,
    },
  ];
}

/** A fresh temporary folder; the returned function removes it. */
export async function temporaryFolder(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Every part of an agent stream, in order. */
export async function collectParts(stream: AsyncIterable<AgentStreamPart>): Promise<AgentStreamPart[]> {
  const parts: AgentStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The text deltas of one turn, joined. */
export function streamedText(parts: readonly AgentStreamPart[], turn: number): string {
  return parts
    .filter((part) => part.type === 'text-delta' && part.turn === turn)
    .map((part) => (part.type === 'text-delta' ? part.text : ''))
    .join('');
}

/** Asserts the order of a two-turn run's stream parts, deltas and tool calls aside. */
export function expectTwoTurnShape(parts: readonly AgentStreamPart[]): void {
  const shape = parts
    .filter((part) => part.type !== 'text-delta')
    .map((part) => ('turn' in part ? `${part.type} ${part.turn}` : part.type));
  expect(shape).toEqual([
    'turn-start 1',
    'tool-call 1',
    'tool-call 1',
    'tool-call 1',
    'usage 1',
    'tool-result 1',
    'tool-result 1',
    'tool-result 1',
    'turn-end 1',
    'turn-start 2',
    'usage 2',
    'turn-end 2',
    'run-end',
  ]);
}

/** The body of a recorded request as a plain record, for reading wire fields. */
export function bodyOf(request: { readonly body: unknown } | undefined): Record<string, unknown> {
  expect(request).toBeDefined();
  const body = request?.body;
  expect(typeof body).toBe('object');
  return body as Record<string, unknown>;
}

/** The provider variables of a runtime that sends every model call to the fixture server. */
export function fixtureEnvironment(server: {
  readonly anthropicBaseURL: string;
  readonly openaiBaseURL: string;
}) {
  return {
    // Runs are kept in memory: a test never writes into the working tree's .vega/.
    VEGA_STORE: ':memory:',
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: server.anthropicBaseURL,
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: server.openaiBaseURL,
  };
}
