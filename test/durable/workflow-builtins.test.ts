import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.ts';
import { onlyRunId, useWorkflowFolder } from './workflow-folder.ts';

const WORKFLOW = `settings:
  default_model: scripted:echo
agents:
  Clerk:
    system: You repeat what you are told.
workflows:
  stamp:
    steps:
      - set:
          first: "{{ random }}"
          second: "{{ random }}"
          at: "{{ now }}"
          day: "{{ date }}"
      - Clerk: "Stamp {{ first }} at {{ at }}"
        save: echoed
    output: "{{ first }} {{ second }} {{ at }} {{ day }} | {{ echoed }}"
`;

const workspace = useWorkflowFolder('stamp', WORKFLOW);

describe('now, date and random in a durable workflow run', () => {
  it('are recorded with their step, so a replay reproduces a run that used them', async () => {
    const { folder, file, db } = workspace;
    const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder });
    expect(run.exitCode).toBe(0);
    const [first, second, at, day] = run.stdout.split(' ');
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    expect(Number.isNaN(Date.parse(at!))).toBe(false);
    expect(day).toBe(at!.slice(0, 10));
    expect(run.stdout).toContain(`| [echo] Stamp ${first} at ${at}`);

    const replay = await runCli(['replay', await onlyRunId(db), '--store', db], { cwd: folder });
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);

    // A new run draws new values.
    const again = await runCli(['run', file, '--store', db, '-q'], { cwd: folder });
    expect(again.stdout.split(' ')[0]).not.toBe(first);
  });
});
