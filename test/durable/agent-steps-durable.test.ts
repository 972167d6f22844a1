/**
 * H3's agent-step features in durable runs through `vega run` and `vega resume`, with agents on the
 * fixture server as Anthropic: a `format: json` step that re-asked is resumed from the journal without
 * asking again; model aliases and `settings.models.prices` reach the request and the cost report.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDurableCli } from './durable-cli.ts';

const cli = useDurableCli({
  prefix: 'vega-agent-steps-',
  reply: (prompt) => {
    if (prompt === 'Rate it') return { text: 'It is quite good!', usage: { input: 10, output: 2 } };
    if (prompt.startsWith('Your last reply could not be used'))
      return { text: '```json\n{"score": 7}\n```', usage: { input: 10, output: 2 } };
    return undefined;
  },
});
const { vega, theRun, promptsFrom, refused } = cli;
const journalKeys = async (runId: string) => (await cli.journal(runId)).map((entry) => entry.key);

describe('format: json in a durable run', () => {
  it('journals the re-ask under its own key, and a resume does not ask again', async () => {
    await writeFile(
      join(cli.folder, 'team.vega.yaml'),
      `settings:
  models: { fast: claude-haiku-4-5 }
agents:
  Critic: { model: fast, system: You rate. }
  Finisher: { model: fast, system: You finish. }
workflows:
  main:
    steps:
      - Critic: Rate it
        format: json
        schema: { type: object, required: [score], properties: { score: { type: integer } } }
        save: rating
      - Finisher: "Finish {{rating.score}}"
        save: done
    output: "{{done}} ({{rating.score}})"
`,
    );
    refused.add('Finish 7');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    expect(promptsFrom(0)).toEqual([
      'Rate it',
      expect.stringContaining('Your last reply could not be used'),
      'Finish 7',
    ]);
    // The alias reached the provider as the model it stands for.
    expect((cli.server.requests[0]?.body as { model?: string } | undefined)?.model).toBe('claude-haiku-4-5');
    const failed = await theRun();
    expect(await journalKeys(failed.id)).toEqual(
      expect.arrayContaining([
        'step-0/agent:Critic/t1/model',
        'step-0/agent:Critic/reask-1/t1/model',
        'step-0',
      ]),
    );

    refused.clear();
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toBe('ok Finish 7 (7)\n');
    expect(promptsFrom(before)).toEqual(['Finish 7']);
  });
});

describe('settings.models', () => {
  it('prices a model as settings.models.prices says, in the cost report', async () => {
    await writeFile(
      join(cli.folder, 'team.vega.yaml'),
      `settings:
  models:
    fast: claude-haiku-4-5
    prices: { claude-haiku-4-5: { input: 1000, output: 1000 } }
agents:
  Writer: { model: fast, system: You write. }
workflows:
  main:
    steps:
      - Writer: Hello
`,
    );
    const run = await vega('run', 'team.vega.yaml', '--output', 'json');
    expect(run.exitCode).toBe(0);
    // 10 input + 2 output tokens at $1000 per million each: $0.012 (the list price would be far less).
    const report = JSON.parse(run.stdout) as {
      cost: { usd: number };
      steps: { calls: { model: string }[] }[];
    };
    expect(report.cost.usd).toBeCloseTo(0.012, 9);
    expect(report.steps[0]?.calls[0]?.model).toBe('claude-haiku-4-5');
    expect(run.stderr).toContain('$0.012');
  });
});

describe('conversations of supervised agents', () => {
  it('`fresh` and `memory.history: none` start from an empty conversation', async () => {
    await writeFile(
      join(cli.folder, 'team.vega.yaml'),
      `agents:
  Writer: { model: claude-haiku-4-5, system: You write., supervision: { strategy: restart } }
  Amnesiac: { model: claude-haiku-4-5, system: You forget., memory: { history: none } }
workflows:
  main:
    steps:
      - Writer: one
      - Writer: two
        fresh: true
      - Writer: three
      - Amnesiac: four
      - Amnesiac: five
`,
    );
    const run = await vega('run', 'team.vega.yaml', '-q');
    expect(run.exitCode).toBe(0);
    const sizes = cli.server.requests.map(
      (request) => (request.body as { messages: unknown[] }).messages.length,
    );
    expect(sizes).toEqual([1, 1, 3, 1, 1]);
  });
});
