import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FixtureReply, RecordedRequest } from '../../../src/testing/index.ts';

/** The repository, where `bin/vega.js` is. */
export const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A planner, then a writer (which lists the folder first: two model calls) and a critic in parallel;
 * every agent on the fixture server as Anthropic.
 */
export const PROGRESS_WORKFLOW = `name: Progress
settings:
  default_model: claude-haiku-4-5
agents:
  Planner: { system: You plan. }
  Writer: { system: You write., tools: [list_files] }
  Critic: { system: You critique. }
workflows:
  team:
    inputs:
      topic: { type: string, default: terminals }
    steps:
      - Planner: "Plan a note on {{topic}}."
        save: plan
      - parallel:
          - Writer: "Write it: {{plan}}"
            save: draft
          - Critic: "Critique it: {{plan}}"
            save: critique
    output: "{{draft}} / {{critique}}"
`;

/** Whether a request is the Writer's second turn (after its tool call). */
export function isWriterSecondTurn(request: RecordedRequest): boolean {
  return request.rawBody.includes('You write.') && request.rawBody.includes('tool_result');
}

/** The fixture replies: each agent answers with its name, every call with 100 tokens in and 20 out. */
export function progressReply(request: RecordedRequest): FixtureReply {
  const body = request.rawBody;
  const usage = { input: 100, output: 20 };
  if (body.includes('You write.') && !isWriterSecondTurn(request)) {
    return { toolCalls: [{ id: 'toolu_list', name: 'list_files', input: { path: '.' } }], usage };
  }
  const agent = body.includes('You plan.') ? 'plan' : body.includes('You write.') ? 'draft' : 'critique';
  return { text: `the ${agent}`, usage };
}

/** What a spawned command printed and how it ended. */
export interface ProcessOutcome {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command args` in `cwd` with `env`, pipes for stdout and stderr; asynchronous, so a fixture server
 * in this process keeps answering. `onStdout` sees stdout as it comes (all of it so far), with the child.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    onStdout?: (seen: string, child: ChildProcess) => void;
  },
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      options.onStdout?.(stdout, child);
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.once('error', reject);
    child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}
