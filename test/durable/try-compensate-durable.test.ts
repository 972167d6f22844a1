/**
 * `try`/`catch`, `compensate`, `return` and sub-workflows in durable runs through `vega run` and
 * `vega resume`, with agents on the fixture server as Anthropic: a failure is made to happen once,
 * then the run is resumed, and the server's requests show what was done again and what came from the
 * journal. Each step has its own agent, so no conversation differs between the two executions.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useDurableCli } from './durable-cli.ts';

const cli = useDurableCli({ prefix: 'vega-control-flow-' });
const { vega, theRun, promptsFrom, refused } = cli;
const journalKeys = async (runId: string) => (await cli.journal(runId)).map((entry) => entry.key);

/** A team of one-step agents (each keeps its own conversation) and the given workflows. */
async function writeTeam(agents: readonly string[], workflows: string): Promise<void> {
  const declared = agents.map(
    (agent) => `  ${agent}: { model: claude-haiku-4-5, system: You do one thing. }`,
  );
  await writeFile(
    join(cli.folder, 'team.vega.yaml'),
    ['agents:', ...declared, 'workflows:', workflows].join('\n'),
  );
}

describe('durable try/catch/finally', () => {
  it('resumes after a failure in catch without redoing the steps that finished', async () => {
    await writeTeam(
      ['preparer', 'risky', 'rescuer', 'tidier', 'finisher'],
      `  main:
    steps:
      - preparer: "Prepare"
        save: prepared
      - try:
          - risky: "Risky"
        catch:
          - rescuer: "Recover from {{error.type}}"
            save: recovered
        finally:
          - tidier: "Tidy"
      - finisher: "Finish"
    output: "{{prepared}} | {{recovered}}"
`,
    );
    refused.add('Risky');
    refused.add('Recover from model_call_failed');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    expect(promptsFrom(0)).toEqual(['Prepare', 'Risky', 'Recover from model_call_failed', 'Tidy']);
    const failed = await theRun();
    expect(failed.status).toBe('failed');

    refused.delete('Recover from model_call_failed');
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toBe('ok Prepare | ok Recover from model_call_failed\n');
    // `Prepare` and the finally's `Tidy` came from the journal; the failed calls were done again.
    expect(promptsFrom(before)).toEqual(['Risky', 'Recover from model_call_failed', 'Finish']);
    const keys = await journalKeys(failed.id);
    expect(keys).toEqual(expect.arrayContaining(['step-1/catch/0', 'step-1/finally/0', 'step-1']));
  });
});

describe('durable compensate', () => {
  it('does not compensate twice when a compensated run is resumed', async () => {
    await writeTeam(
      ['flights', 'hotels', 'cars', 'unflight', 'unhotel'],
      `  trip:
    steps:
      - flights: "Book a flight"
        compensate: [ { unflight: "Cancel the flight" } ]
      - hotels: "Book a hotel"
        compensate: [ { unhotel: "Cancel the hotel" } ]
      - cars: "Book a car"
`,
    );
    refused.add('Book a car');
    refused.add('Cancel the hotel');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    expect(promptsFrom(0)).toEqual([
      'Book a flight',
      'Book a hotel',
      'Book a car',
      'Cancel the hotel',
      'Cancel the flight',
    ]);
    expect(first.stderr).toContain(
      "\n  a compensation failed too (step '0'): anthropic model claude-haiku-4-5 answered 400 Bad Request: Fixture: 'Cancel the hotel' refused.\n",
    );
    const failed = await theRun();

    // The resume fails on the car again and compensates again: the hotel's failed cancellation is
    // done again, the flight's, which completed, comes from the journal.
    refused.delete('Cancel the hotel');
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.exitCode).toBe(1);
    expect(promptsFrom(before)).toEqual(['Book a car', 'Cancel the hotel']);
    expect(await journalKeys(failed.id)).toEqual(
      expect.arrayContaining(['step-0/compensate/0', 'step-1/compensate/0']),
    );
  });
});

describe('resuming a compensated run', () => {
  it('does not go on past the step whose failure was compensated: it undoes what the resume did', async () => {
    await writeTeam(
      ['flights', 'cars', 'unflight', 'uncar', 'hotels'],
      `  trip:
    steps:
      - flights: "Book a flight"
        compensate: [ { unflight: "Cancel the flight" } ]
      - cars: "Book a car"
        compensate: [ { uncar: "Cancel the car" } ]
      - hotels: "Book a hotel"
`,
    );
    refused.add('Book a car');
    const first = await vega('run', 'team.vega.yaml', '-q');
    expect(first.exitCode).toBe(1);
    expect(promptsFrom(0)).toEqual(['Book a flight', 'Book a car', 'Cancel the flight']);
    const failed = await theRun();

    refused.clear();
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.exitCode).toBe(1);
    expect(resumed.stderr).toContain(
      'error: this run failed at step-1 and its completed steps were compensated; it cannot go on past that step',
    );
    // The car booked by the resume is cancelled; the flight's cancellation came from the journal; no hotel.
    expect(promptsFrom(before)).toEqual(['Book a car', 'Cancel the car']);
    expect(await journalKeys(failed.id)).toEqual(
      expect.arrayContaining(['compensated', 'step-1/compensate/0']),
    );
  });
});

describe('durable return and sub-workflows', () => {
  it('reaches the same result on resume: the sub-workflow returns again from its journal', async () => {
    await writeTeam(
      ['looker', 'finisher'],
      `  main:
    steps:
      - workflow: pick
        with: { items: [a, b, c] }
        save: picked
      - finisher: "Finish with {{picked}}"
        id: done
    output: "{{picked}} then {{steps.done.output}}"
  pick:
    inputs:
      items: { type: array }
    steps:
      - for: item in items
        steps:
          - looker: "Look at {{item}}"
            save: seen
          - if: "item == 'b'"
            then:
              - return: "{{seen}}"
    output: "not rendered"
`,
    );
    refused.add('Finish with ok Look at b');
    const first = await vega('run', 'team.vega.yaml', '-w', 'main', '-q');
    expect(first.exitCode).toBe(1);
    const failed = await theRun();
    expect(await journalKeys(failed.id)).toEqual(
      expect.arrayContaining(['step-0/workflow/0/for/1/0/agent:looker/t1/model', 'step-0']),
    );

    refused.clear();
    const before = cli.server.requests.length;
    const resumed = await vega('resume', failed.id, '-q');
    expect(resumed.stderr).toBe('');
    expect(resumed.stdout).toBe('ok Look at b then ok Finish with ok Look at b\n');
    expect(promptsFrom(before)).toEqual(['Finish with ok Look at b']);

    const replay = await vega('replay', failed.id);
    expect(replay.exitCode).toBe(0);
    expect(replay.stdout).toContain('the output is the recorded one');
  });
});
