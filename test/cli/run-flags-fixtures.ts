import { Readable } from 'node:stream';
import type { CliInput } from '../../src/cli/cli-io.ts';
import { main } from '../../src/cli/main.ts';
import type { CliRun } from './run-cli.ts';

/** Two workflows on the built-in echo model: `draft` (one input) and `review` (nested blocks). */
export const TEAM = `settings:
  default_model: scripted:echo
agents:
  Writer:
    system: You write.
  Reviewer:
    system: You review.
    model: scripted:echo
workflows:
  draft:
    description: Write about a topic
    inputs:
      topic: { type: string, description: What to write about }
    steps:
      - Writer: "Write about {{topic}}"
        save: text
    output: "{{text}}"
  review:
    inputs:
      code: { type: string }
      rounds: { type: number, default: 2 }
    steps:
      - set: { notes: [] }
      - repeat:
          steps:
            - Reviewer checks the code:
                send: "Review {{code}}"
                save: review
          until: "'ok' in review"
          max: "{{rounds}}"
      - if: "'APPROVED' in review"
        then:
          - Writer: "Celebrate"
        else:
          - for: note in notes
            steps:
              - Writer: "Fix {{note}}"
    output: "{{review}}"
`;

/** try/catch/finally, parallel branches, a sub-workflow and return: the plan's other blocks. */
export const CONTROL = `settings:
  default_model: scripted:echo
agents:
  A: { system: a }
  B: { system: b }
workflows:
  main:
    steps:
      - try:
          - A: "risky"
            save: x
        catch:
          - B: "recover from {{error.message}}"
        finally:
          - set: { done: true }
      - parallel:
          - A: "one"
            save: one
          - B: "two"
            save: two
      - workflow: helper
        with: { text: "{{one}}" }
        save: helped
      - return: "{{helped}}"
  helper:
    inputs: [text]
    steps:
      - A: "{{text}}"
`;

/** A workflow whose only model call fails with a 400: a run that fails (exit 1). */
export const FAILING = `settings:
  default_model: scripted:failing.replies.yaml
agents:
  Writer:
    system: You write.
workflows:
  draft:
    steps:
      - Writer: "Write"
`;

export const FAILING_REPLIES = `replies:
  - error: { status: 400, message: "the request is bad" }
`;

/** A standard input that records whether anyone read from it, and never ends unless given text. */
export function standardInput(
  text: string | undefined,
  isTerminal = false,
): { stdin: CliInput; wasRead: () => boolean } {
  let read = false;
  const stream = new Readable({
    read() {
      // Without text it never ends: a test that reads it by mistake hangs instead of passing.
      if (!read && text !== undefined) {
        this.push(Buffer.from(text));
        this.push(null);
      }
      read = true;
    },
  });
  return { stdin: { isTerminal, stream }, wasRead: () => read };
}

/** Runs `vega <argv>` in-process with an optional standard input; runs are kept in memory. */
export async function vegaIn(
  argv: readonly string[],
  options: { cwd: string; stdin?: CliInput; env?: Record<string, string> },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const exitCode = await main(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { VEGA_STORE: ':memory:', ...options.env },
    cwd: options.cwd,
    color: false,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
  });
  return { exitCode, stdout, stderr };
}
