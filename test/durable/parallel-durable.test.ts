/**
 * `parallel` (both forms) and a concurrent `for` in durable runs through `vega run`, `vega resume` and
 * `vega replay`, with agents on the fixture server as Anthropic: branches are journaled by position
 * (`step-<i>/parallel/<b>`, `step-<i>/for/<n>/<j>`), a resume redoes only the branches that did not
 * finish, a replay reproduces the run, and a branch's call starts from the agent's conversation as it
 * was before the step without adding to it. `random` and `now` in a branch are the branch step's own, so
 * the replay sees the same values.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messagesOf, promptOf, useDurableCli } from './durable-cli.ts';

const WORKFLOW = `settings:
  default_model: claude-haiku-4-5
agents:
  Researcher: { system: You research. }
  Critic: { system: You criticize. }
  Analyzer: { system: You analyze. }
workflows:
  main:
    steps:
      - Researcher: "Warm up"
      - parallel:
          - Researcher: "Angle A"
            save: a
          - Critic: "Angle B"
            save: b
      - parallel: { agent: Analyzer, inputs: ["doc 1", "doc 2", "doc 3"] }
        save: analyses
      - for: n in [1, 2, 3]
        concurrency: 2
        steps:
          - set: { stamp: "{{n}} {{random}} {{now}}" }
          - Researcher: "Item {{n}}"
        save: items
      - Researcher: "Sum up"
        save: summary
    output: "{{a}} | {{b}} | {{analyses | join:', '}} | {{items | join:', '}} | {{summary}}"
`;

const cli = useDurableCli({ prefix: 'vega-parallel-', files: { 'team.vega.yaml': WORKFLOW } });
const { vega, theRun, refused } = cli;

/** What each prompt sent from request `from` on was sent with: how many messages the request held. */
const sentFrom = (from: number) =>
  Object.fromEntries(
    cli.server.requests.slice(from).map((request) => [promptOf(request), messagesOf(request).length]),
  );

async function completedKeys(runId: string): Promise<string[]> {
  return (await cli.journal(runId)).filter((entry) => entry.status === 'completed').map((entry) => entry.key);
}

const OUTPUT =
  'ok Angle A | ok Angle B | ok doc 1, ok doc 2, ok doc 3 | ok Item 1, ok Item 2, ok Item 3 | ok Sum up\n';

describe('parallel steps in a durable run', () => {
  it('journal each branch by its position, and a resume redoes only the branch that failed', async () => {
    // The agent's process serves its calls one at a time: the last one fails, after the others ended.
    refused.add('doc 3');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    expect(Object.keys(sentFrom(0)).sort()).toEqual([
      'Angle A',
      'Angle B',
      'Warm up',
      'doc 1',
      'doc 2',
      'doc 3',
    ]);
    const failed = await theRun();
    const keys = await completedKeys(failed.id);
    expect(keys).toEqual(
      expect.arrayContaining([
        'step-1/parallel/0/agent:Researcher/t1/model',
        'step-1/parallel/1/agent:Critic/t1/model',
        'step-1/parallel/0',
        'step-1',
        'step-2/parallel/0/agent:Analyzer/t1/model',
        'step-2/parallel/1/agent:Analyzer/t1/model',
        'step-2/parallel/1',
      ]),
    );
    expect(keys).not.toContain('step-2/parallel/2/agent:Analyzer/t1/model');

    refused.clear();
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toBe(OUTPUT);
    // Only the failed branch and the steps after it were asked again. Every branch call started from
    // the agent's conversation before its step (Researcher: the warm-up turn) and added nothing to it.
    expect(sentFrom(before)).toEqual({ 'doc 3': 1, 'Item 1': 3, 'Item 2': 3, 'Item 3': 3, 'Sum up': 3 });
    expect(await completedKeys(failed.id)).toEqual(
      expect.arrayContaining(['step-3/for/0/1/agent:Researcher/t1/model', 'step-3/for/2/0', 'step-4']),
    );

    const replay = await vega('replay', failed.id);
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
  });
});

describe('auto_parallel in a durable run', () => {
  it('keeps the keys step-<i>, so a run journaled with it resumes and replays without it', async () => {
    const team = (autoParallel: boolean) => `settings:
  default_model: claude-haiku-4-5
  auto_parallel: ${autoParallel}
agents:
  Researcher: { system: You research. }
  Critic: { system: You criticize. }
  Writer: { system: You write. }
workflows:
  main:
    steps:
      - Researcher: "Angle A"
        save: a
      - Critic: "Angle B"
        save: b
      - Writer: "Merge {{a}} and {{b}}"
`;
    await writeFile(join(cli.folder, 'team.vega.yaml'), team(true));
    refused.add('Merge ok Angle A and ok Angle B');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    const failed = await theRun();
    expect(await completedKeys(failed.id)).toEqual(
      expect.arrayContaining([
        'step-0/agent:Researcher/t1/model',
        'step-1/agent:Critic/t1/model',
        'step-0',
        'step-1',
      ]),
    );

    await writeFile(join(cli.folder, 'team.vega.yaml'), team(false));
    refused.clear();
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toBe('ok Merge ok Angle A and ok Angle B\n');
    expect(Object.keys(sentFrom(before))).toEqual(['Merge ok Angle A and ok Angle B']);

    await writeFile(join(cli.folder, 'team.vega.yaml'), team(true));
    const replay = await vega('replay', failed.id);
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
  });
});
