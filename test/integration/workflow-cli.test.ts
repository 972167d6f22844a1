import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScriptedReply } from '../../src/testing/index.ts';
import { type FixtureServer, startFixtureServer } from '../../src/testing/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { bodyOf, fixtureEnvironment, temporaryFolder } from './trip-scenario.ts';

const WORKFLOW = `name: Tide desk
settings:
  sandbox: ./workspace
agents:
  Researcher:
    model: claude-sonnet-4-5
    system: You research a topic and keep your notes in files.
    tools: [write_file]
  Writer:
    model: gpt-4o
    system: You turn research notes into one short paragraph.
    max_tokens: 300
workflows:
  brief:
    inputs:
      topic: { type: string, description: What to research }
    steps:
      - Researcher gathers facts:
          send: "Research {{topic}} and save your notes to notes/{{topic}}.md."
          save: notes
      - Writer: "Write a paragraph about {{topic}} from these notes: {{notes}}"
        save: paragraph
    output: "{{paragraph}}"
`;

const RESEARCHER_SYSTEM = 'You research a topic and keep your notes in files.';
const WRITER_SYSTEM = 'You turn research notes into one short paragraph.';
const RESEARCH_MESSAGE = 'Research tides and save your notes to notes/tides.md.';
const NOTE_FILE = 'notes/tides.md';
const NOTE_CONTENT = '# Tides\n\n- Caused by the Moon and the Sun.\n- Two highs and two lows a day.\n';
const NOTES = 'Tides come from the pull of the Moon and the Sun; most coasts see two highs a day.';
const WRITER_MESSAGE = `Write a paragraph about tides from these notes: ${NOTES}`;
const PARAGRAPH =
  'Tides are the slow breathing of the sea: pulled by the Moon and the Sun, most coasts rise and fall twice a day.';

/** Researcher: a write_file call, then its notes (Anthropic); Writer: the paragraph (OpenAI Responses). */
const REPLIES: ScriptedReply[] = [
  {
    toolCalls: [{ id: 'toolu_note', name: 'write_file', input: { path: NOTE_FILE, content: NOTE_CONTENT } }],
    usage: { input: 30_000, output: 800, cacheRead: 0, cacheWrite: 24_000 },
  },
  { text: NOTES, usage: { input: 31_000, output: 400, cacheRead: 24_000, cacheWrite: 0 } },
  { text: PARAGRAPH, usage: { input: 2_000, output: 350 } },
];

// List prices in dollars per million tokens, as in src/cost/default-prices.ts.
// claude-sonnet-4-5: input 3, output 15, cache read 0.30, cache write 3.75.
// gpt-4o: input 2.50, output 10 (cached input 1.25, unused here).
const RESEARCHER_COST = {
  // Plain input: 61,000 total - 24,000 read - 24,000 written = 13,000 tokens.
  input: (13_000 * 3) / 1_000_000, // $0.039
  output: (1_200 * 15) / 1_000_000, // $0.018
  cacheRead: (24_000 * 0.3) / 1_000_000, // $0.0072
  cacheWrite: (24_000 * 3.75) / 1_000_000, // $0.09
};
const WRITER_COST = {
  input: (2_000 * 2.5) / 1_000_000, // $0.005
  output: (350 * 10) / 1_000_000, // $0.0035
};
const EXPECTED_BREAKDOWN = {
  input: RESEARCHER_COST.input + WRITER_COST.input,
  output: RESEARCHER_COST.output + WRITER_COST.output,
  cacheRead: RESEARCHER_COST.cacheRead,
  cacheWrite: RESEARCHER_COST.cacheWrite,
};
const EXPECTED_USD =
  EXPECTED_BREAKDOWN.input +
  EXPECTED_BREAKDOWN.output +
  EXPECTED_BREAKDOWN.cacheRead +
  EXPECTED_BREAKDOWN.cacheWrite;
const EXPECTED_USAGE = {
  inputTokens: 63_000,
  outputTokens: 1_550,
  cacheReadTokens: 24_000,
  cacheWriteTokens: 24_000,
  reasoningTokens: 0,
};

let server: FixtureServer;
let folder: { path: string; remove: () => Promise<void> };
let workflowFile: string;

beforeEach(async () => {
  server = await startFixtureServer();
  folder = await temporaryFolder('vega-workflow-');
  workflowFile = join(folder.path, 'tides.vega.yaml');
  await writeFile(workflowFile, WORKFLOW);
});

afterEach(async () => {
  await server.close();
  await folder.remove();
});

/** Runs `vega` in-process in the test's folder with the given environment, collecting what it prints. */
function runVega(
  argv: readonly string[],
  env: Readonly<Record<string, string>> = fixtureEnvironment(server),
) {
  return runCli(argv, { cwd: folder.path, env: { ...env } });
}

function expectTwoAgentRequests(): void {
  expect(server.requests.map((request) => request.path)).toEqual([
    '/v1/messages',
    '/v1/messages',
    '/v1/responses',
  ]);
  const research = bodyOf(server.requests[0]);
  const afterTool = bodyOf(server.requests[1]);
  const writing = bodyOf(server.requests[2]);
  expect(research.model).toBe('claude-sonnet-4-5');
  expect(research.system).toEqual([{ type: 'text', text: RESEARCHER_SYSTEM }]);
  expect(research.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: RESEARCH_MESSAGE }] }]);
  expect((research.tools as { name: string }[]).map((tool) => tool.name)).toEqual(['write_file']);
  const toolResults = (afterTool.messages as { content: unknown }[]).at(-1)?.content;
  expect(toolResults).toEqual([
    {
      type: 'tool_result',
      tool_use_id: 'toolu_note',
      content: `Wrote ${Buffer.byteLength(NOTE_CONTENT)} bytes to ${NOTE_FILE}`,
    },
  ]);
  // The second step's agent got the saved variable, interpolated into its message.
  expect(writing.model).toBe('gpt-4o');
  expect(writing.max_output_tokens).toBe(300);
  expect(writing.input).toEqual([
    { role: 'system', content: WRITER_SYSTEM },
    { role: 'user', content: [{ type: 'input_text', text: WRITER_MESSAGE }] },
  ]);
  expect(
    server.requests.map((request) => request.headers['x-api-key'] ?? request.headers.authorization),
  ).toEqual(['test-key', 'test-key', 'Bearer test-key']);
}

describe('vega run, in-process, against the fixture server', () => {
  it('runs a two-agent, two-provider workflow and prints a JSON report with usage and cost', async () => {
    server.enqueue(...REPLIES);

    const { exitCode, stdout, stderr } = await runVega([
      'run',
      workflowFile,
      '--topic',
      'tides',
      '--output',
      'json',
    ]);

    expect(stderr).not.toContain('error');
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.workflow).toBe('brief');
    expect(report.output).toBe(PARAGRAPH);
    expect(await readFile(join(folder.path, 'workspace', NOTE_FILE), 'utf8')).toBe(NOTE_CONTENT);
    expectTwoAgentRequests();

    expect(report.steps).toMatchObject([
      {
        index: 0,
        kind: 'agent',
        agent: 'Researcher',
        description: 'gathers facts',
        message: RESEARCH_MESSAGE,
        text: NOTES,
        usage: {
          inputTokens: 61_000,
          outputTokens: 1_200,
          cacheReadTokens: 24_000,
          cacheWriteTokens: 24_000,
        },
      },
      {
        index: 1,
        kind: 'agent',
        agent: 'Writer',
        message: WRITER_MESSAGE,
        text: PARAGRAPH,
        usage: { inputTokens: 2_000, outputTokens: 350, cacheReadTokens: 0, cacheWriteTokens: 0 },
      },
    ]);
    expect(report.usage).toEqual(EXPECTED_USAGE);
    expect(report.cost.usd).toBeCloseTo(EXPECTED_USD, 2);
    expect(report.cost.usd).toBe(0.1627);
    expect(report.cost.breakdown.input).toBeCloseTo(EXPECTED_BREAKDOWN.input, 9);
    expect(report.cost.breakdown.output).toBeCloseTo(EXPECTED_BREAKDOWN.output, 9);
    expect(report.cost.breakdown.cacheRead).toBeCloseTo(EXPECTED_BREAKDOWN.cacheRead, 9);
    expect(report.cost.breakdown.cacheWrite).toBeCloseTo(EXPECTED_BREAKDOWN.cacheWrite, 9);
    expect(report.cost.unpricedModels).toEqual([]);
    expect(report.steps[0].cost.usd).toBe(0.1542);
    expect(report.steps[1].cost.usd).toBe(0.0085);
    expect(report.durationMs).toBeGreaterThan(0);
  });

  it('prints exactly the output on stdout and a one-line summary on stderr with --output text', async () => {
    server.enqueue(...REPLIES);

    const { exitCode, stdout, stderr } = await runVega([
      'run',
      workflowFile,
      '--topic',
      'tides',
      '--output',
      'text',
    ]);

    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${PARAGRAPH}\n`);
    expect(stderr.endsWith('\n')).toBe(true);
    const [summary, ...tree] = stderr.trimEnd().split('\n');
    expect(summary).toMatch(
      /^✓ brief · 2 steps · 64550 tokens \(63000 in, 1550 out, 24000 cache read, 24000 cache write\) · \$0\.1627 · \d+ ms · run [0-9a-f]{8}$/,
    );
    // By hand at sonnet-4-5 $3 in / $15 out / $0.30 cache read / $3.75 cache write and gpt-4o $2.50 / $10:
    // #1 6,000 × 3 + 24,000 × 3.75 + 800 × 15 = $0.12; #2 7,000 × 3 + 24,000 × 0.30 + 400 × 15 = $0.0342;
    // Writer 2,000 × 2.50 + 350 × 10 = $0.0085.
    expect(tree).toEqual([
      'cost  brief                         in 63,000  out 1,550  cache r 24,000  w 24,000  $0.1627  3 calls',
      '  step #1 Researcher gathers facts  in 61,000  out 1,200  cache r 24,000  w 24,000  $0.1542  2 calls',
      '    agent Researcher                in 61,000  out 1,200  cache r 24,000  w 24,000  $0.1542  2 calls',
      '      #1 claude-sonnet-4-5          in 30,000  out   800  cache r      0  w 24,000    $0.12',
      '      #2 claude-sonnet-4-5          in 31,000  out   400  cache r 24,000  w      0  $0.0342',
      '  step #2 Writer                    in  2,000  out   350  cache r      0  w      0  $0.0085  1 call',
      '    agent Writer                    in  2,000  out   350  cache r      0  w      0  $0.0085  1 call',
      '      #1 gpt-4o                     in  2,000  out   350  cache r      0  w      0  $0.0085',
    ]);
    expectTwoAgentRequests();
  });

  it('exits 1 with an explanation, and no stack trace, when the provider answers 401', async () => {
    server.enqueue({ error: { status: 401, message: 'invalid x-api-key' } });

    const { exitCode, stdout, stderr } = await runVega(['run', workflowFile, '--topic', 'tides']);

    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(
      'error: the model call failed: anthropic model claude-sonnet-4-5 answered 401 Unauthorized: invalid x-api-key',
    );
    expect(stderr).toContain('status 401');
    expect(stderr).toContain('invalid x-api-key');
    expect(stderr).toContain('kind authentication');
    expect(stderr).toMatch(/hint: Check ANTHROPIC_API_KEY/);
    expect(stderr).not.toContain('    at ');
    expect(server.requests).toHaveLength(1);
    expect(server.pendingReplies).toBe(0);
  });

  it('exits 1 with BudgetExceeded before any request when --budget cannot cover the first call', async () => {
    server.enqueue(...REPLIES);

    const { exitCode, stdout, stderr } = await runVega([
      'run',
      workflowFile,
      '--topic',
      'tides',
      '--budget',
      '$0.01',
    ]);

    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    // The worst case: the prompt and tool schemas as JSON bytes (+512 for tool use) at $3 per million, plus
    // max_tokens 4096 (sent because the call is budgeted) at $15 per million: 4096 × 15 alone is $0.0614.
    expect(stderr.split('\n')[0]).toBe(
      "error: Budget 'global/run' cannot cover this call: it would cost up to $0.0657, and of its $0.01 limit $0.00 is spent and $0.00 is held by calls in flight.",
    );
    expect(stderr).toMatch(/hint: Raise the budget, lower max_tokens/);
    expect(stderr).not.toContain('    at ');
    expect(server.requests).toHaveLength(0);
  });

  it('exits 2 naming ANTHROPIC_API_KEY, before any request, when the key is not set', async () => {
    const { ANTHROPIC_API_KEY: _unset, ...withoutAnthropicKey } = fixtureEnvironment(server);
    server.enqueue(...REPLIES);

    const { exitCode, stdout, stderr } = await runVega(
      ['run', workflowFile, '--topic', 'tides'],
      withoutAnthropicKey,
    );

    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('ANTHROPIC_API_KEY');
    expect(stderr).not.toContain('    at ');
    expect(server.requests).toHaveLength(0);
  });
});
