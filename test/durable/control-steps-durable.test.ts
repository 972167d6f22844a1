import { describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
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
      - set: { items: [red, green, blue] }
      - for: colour in items
        steps:
          - Clerk: "Stamp {{colour}} {{loop.count}}/{{loop.length}}"
        save: stamped
      - if: "{{stamped | length}} == 3"
        then:
          - set: { verdict: all }
        else:
          - set: { verdict: some }
    output: "{{verdict}} {{stamped | join:'; '}}"
`;

const workspace = useWorkflowFolder('control', WORKFLOW);

describe('for and if in a durable workflow run', () => {
  it('journal nested steps by position, so a replay reproduces the run', async () => {
    const { folder, file, db } = workspace;
    const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('all [echo] Stamp red 1/3; [echo] Stamp green 2/3; [echo] Stamp blue 3/3');

    const runId = await onlyRunId(db);
    const store = await sqliteStore(db);
    const keys = (await store.listJournal(runId)).map((entry) => entry.key);
    await store.close();
    expect(keys).toContain('step-1/for/2/0/agent:Clerk/t1/model');
    expect(keys).toContain('step-1/for/0/0');
    expect(keys).toContain('step-2/then/0');
    expect(keys).toContain('step-2');

    const replay = await runCli(['replay', runId, '--store', db], { cwd: folder });
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
  });
});
