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
      - set: { stamped: none }
      - Clerk: "Stamp it"
        if: "1 > 2"
        save: stamped
      - Clerk files it:
          send: "File {{stamped}}"
          if: "stamped == 'none'"
          save: "filed_{{stamped}}"
    output: "{{stamped}} / {{filed_none}}"
`;

const workspace = useWorkflowFolder('agent-if', WORKFLOW);

describe('`if:` on agent steps in a durable workflow run', () => {
  it('checkpoints the skipped step without calling the agent, and replays the run', async () => {
    const { folder, file, db } = workspace;
    const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('none / [echo] File none\n');
    expect(run.exitCode).toBe(0);

    const runId = await onlyRunId(db);
    const store = await sqliteStore(db);
    const journal = await store.listJournal(runId);
    await store.close();
    const keys = journal.map((entry) => entry.key);
    expect(keys).toContain('step-1');
    expect(keys.filter((key) => key.startsWith('step-1/'))).toEqual([]);
    expect(keys).toContain('step-2/agent:Clerk/t1/model');

    const replay = await runCli(['replay', runId, '--store', db], { cwd: folder });
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
  });
});
