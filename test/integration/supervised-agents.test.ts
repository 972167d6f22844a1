import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FixtureServer, type ScriptedReply, startFixtureServer } from '../../src/testing/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { bodyOf, fixtureEnvironment, temporaryFolder } from './trip-scenario.ts';

const MODEL = 'claude-haiku-4-5';
const RESEARCHER_SYSTEM = 'You find three surprising facts.';
const FACTS =
  'Otters hold hands while sleeping, use stones as tools, and have the densest fur of any animal.';
const OVERLOADED: ScriptedReply = { error: { status: 529, message: 'Overloaded' } };
const OVERLOADED_REASON = `error: anthropic model ${MODEL} answered 529 Overloaded: Overloaded`;

/** A one-agent workflow whose agent is restarted at most `maxRestarts` times a minute. */
function researchWorkflow(maxRestarts: number, steps: string): string {
  return `name: Supervised research
agents:
  Researcher:
    model: ${MODEL}
    system: ${RESEARCHER_SYSTEM}
    supervision: { strategy: restart, max_restarts: ${maxRestarts}, window: 1m }
    # One attempt per call: every failure reaches the supervisor, which is what these tests watch.
    retry: 1
workflows:
  research:
    inputs:
      topic: { type: string, default: otters }
    steps:
${steps}`;
}

const ONE_STEP = `      - Researcher: "Find three surprising facts about {{topic}}."
        save: facts
    output: "{{facts}}"
`;
const FIRST_MESSAGE = 'Find three surprising facts about otters.';

let server: FixtureServer;
let folder: { path: string; remove: () => Promise<void> };

beforeEach(async () => {
  server = await startFixtureServer();
  folder = await temporaryFolder('vega-supervised-');
});

afterEach(async () => {
  await server.close();
  await folder.remove();
});

/** Writes the workflow into the test's folder and runs `vega run` on it in-process, on the fixture server. */
async function runWorkflowFile(yaml: string, ...extra: string[]) {
  const file = join(folder.path, 'workflow.vega.yaml');
  await writeFile(file, yaml);
  return runCli(['run', file, ...extra], { cwd: folder.path, env: fixtureEnvironment(server) });
}

/** The `messages` of the nth request the fixture server received. */
const messagesOf = (index: number) => bodyOf(server.requests[index]).messages;

const userMessage = (text: string) => ({ role: 'user', content: [{ type: 'text', text }] });

describe('supervised agents in a workflow, through the Anthropic adapter and real HTTP', () => {
  it('restarts an agent the provider overloads and retries the step on a fresh conversation', async () => {
    server.enqueue(OVERLOADED, { text: FACTS, usage: { input: 40, output: 24 } });

    const { exitCode, stdout, stderr } = await runWorkflowFile(researchWorkflow(2, ONE_STEP));

    expect(exitCode).toBe(0);
    expect(stdout).toBe(`${FACTS}\n`);
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`↻ Researcher restarted (restart 1) — it failed: ${OVERLOADED_REASON}`);
    expect(lines[1]).toMatch(/^✓ research · 1 steps? · 64 tokens \(40 in, 24 out\) · /);
    // Then the cost report: run, step, agent and the one call that answered.
    expect(lines.slice(2).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'cost research',
      'step #1',
      'agent Researcher',
      `#1 ${MODEL}`,
    ]);
    expect(server.requests).toHaveLength(2);
    for (const index of [0, 1]) {
      expect(server.requests[index]?.path).toBe('/v1/messages');
      expect(bodyOf(server.requests[index]).system).toEqual([{ type: 'text', text: RESEARCHER_SYSTEM }]);
      expect(messagesOf(index)).toEqual([userMessage(FIRST_MESSAGE)]);
    }
    expect(server.pendingReplies).toBe(0);
  });

  it('forgets, after a restart, what earlier steps said to the agent', async () => {
    const twoSteps = `      - Researcher: "Find three surprising facts about {{topic}}."
        save: facts
      - Researcher: "Which of these is the most surprising?"
        save: pick
    output: "{{pick}}"
`;
    server.enqueue({ text: FACTS, usage: { input: 40, output: 24 } }, OVERLOADED, {
      text: 'The stones.',
      usage: { input: 12, output: 3 },
    });

    const { exitCode, stdout, stderr } = await runWorkflowFile(researchWorkflow(2, twoSteps));

    expect(exitCode).toBe(0);
    expect(stdout).toBe('The stones.\n');
    expect(stderr.match(/restarted/g)).toHaveLength(1);
    expect(server.requests).toHaveLength(3);
    // Before the crash the second step continued the conversation; after the restart it starts over.
    expect(messagesOf(1)).toEqual([
      userMessage(FIRST_MESSAGE),
      { role: 'assistant', content: [{ type: 'text', text: FACTS }] },
      userMessage('Which of these is the most surprising?'),
    ]);
    expect(messagesOf(2)).toEqual([userMessage('Which of these is the most surprising?')]);
  });

  it('fails the run with exit code 1 when the agent fails more often than max_restarts allows', async () => {
    server.enqueue(OVERLOADED, OVERLOADED, OVERLOADED, { text: 'never sent' });

    const { exitCode, stdout, stderr } = await runWorkflowFile(researchWorkflow(2, ONE_STEP));

    expect(exitCode).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      `↻ Researcher restarted (restart 1) — it failed: ${OVERLOADED_REASON}`,
      `↻ Researcher restarted (restart 2) — it failed: ${OVERLOADED_REASON}`,
      // The health monitor's default errorRepeats (3) sees the same failure a third time.
      `⚠ Researcher: error-loop (the same error 3 times in a row: ${OVERLOADED_REASON.slice('error: '.length)})`,
      `✗ Researcher failed again after 2 restarts; supervision gives up — ${OVERLOADED_REASON}`,
    ]);
    expect(lines.slice(4)).toEqual([
      `error: Supervisor 'workflow' gave up: child 'Researcher' failed more than 2 times within 60000 ms (last: ${OVERLOADED_REASON}).`,
      '  hint: Raise max_restarts or window if these failures are expected, add a backoff, or fix the failure it names.',
      expect.stringMatching(/^run ([0-9a-f]{8}) stopped; finish it with: vega resume \1$/),
    ]);
    expect(stderr).not.toContain('    at ');
    expect(server.requests).toHaveLength(3);
    expect(server.pendingReplies).toBe(1);
  });

  it('with strategy stop and continue_on_error, goes on without the agent: its variable is null and error is readable', async () => {
    const yaml = `name: Illustrated article
agents:
  Illustrator:
    model: ${MODEL}
    system: You describe a picture for the facts.
    supervision: { strategy: stop }
    retry: 1
  Editor:
    model: ${MODEL}
    system: You polish text for publication.
workflows:
  article:
    steps:
      - Illustrator: "Describe a picture of otters."
        save: picture
        continue_on_error: true
      - Editor: "Polish this. The picture failed: {{error.message}}"
        save: article
    output:
      picture: "{{picture}}"
      error: "{{error.type}}"
      article: "{{article}}"
`;
    server.enqueue(
      { error: { status: 400, message: 'image generation is not enabled for this key' } },
      { text: 'A polished article, without a picture.', usage: { input: 30, output: 8 } },
    );

    const { exitCode, stdout, stderr } = await runWorkflowFile(yaml, '--output', 'json');

    const failure = `error: anthropic model ${MODEL} answered 400 Bad Request: image generation is not enabled for this key`;
    const stopped = `Agent 'Illustrator' failed and was stopped by its supervision (strategy stop): ${failure}.`;
    expect(exitCode).toBe(0);
    expect(stderr.split('\n')[0]).toBe(`■ Illustrator stopped (supervision: stop) — it failed: ${failure}`);
    expect(stderr).not.toContain('restarted');
    const report = JSON.parse(stdout);
    expect(report.output).toEqual({
      picture: null,
      error: 'agent_stopped',
      article: 'A polished article, without a picture.',
    });
    expect(report.steps[0]).toMatchObject({
      agent: 'Illustrator',
      text: '',
      error: { message: stopped, type: 'agent_stopped', step: '0' },
    });
    expect(server.requests).toHaveLength(2);
    expect(messagesOf(1)).toEqual([userMessage(`Polish this. The picture failed: ${stopped}`)]);
  });
});
