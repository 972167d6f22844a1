import { describe, expect, it } from 'vitest';
import { ZERO_COST } from '../../src/cost/add-costs.ts';
import { ZERO_USAGE } from '../../src/spec/usage.ts';
import { parseWorkflow } from '../../src/workflow/load/parse-workflow.ts';
import { runWorkflow } from '../../src/workflow/run/run-workflow.ts';
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
      - set: { id: "{{ run.id }}", whole: "{{ run }}" }
      - Clerk: "Run {{ run.id }} for {{ env.RELEASE_MANAGER }}"
        save: echoed
      - set: { ready: "{{ env.READY | int }}" }
    output: "{{ id }} | {{ whole.id }} | {{ echoed }} | {{ ready }}"
`;

const workspace = useWorkflowFolder('stamp', WORKFLOW);

describe('run.id and env in a durable workflow run', () => {
  it('reads the run id and the command’s environment; a resume and a replay see the same id', async () => {
    const { folder, file, db } = workspace;
    const env = { RELEASE_MANAGER: 'Ada' };
    // READY is missing: the third step fails while running — exit code 1, with the code frame.
    const failed = await runCli(['run', file, '--store', db, '-q'], { cwd: folder, env });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toContain('stamp.vega.yaml:12:');
    expect(failed.stderr).toContain('READY');
    const runId = await onlyRunId(db);

    const resumed = await runCli(['resume', runId.slice(0, 8), '--store', db, '-q'], {
      cwd: folder,
      env: { ...env, READY: '3' },
    });
    expect(resumed.stderr).toBe('');
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toBe(`${runId} | ${runId} | [echo] Run ${runId} for Ada | 3\n`);

    const replay = await runCli(['replay', runId, '--store', db], {
      cwd: folder,
      env: { ...env, READY: '3' },
    });
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
  });

  it('is not journaled: a replay in another environment diverges at the step that read it', async () => {
    const { folder, file, db } = workspace;
    const run = await runCli(['run', file, '--store', db, '-q'], {
      cwd: folder,
      env: { RELEASE_MANAGER: 'Ada', READY: '1' },
    });
    expect(run.exitCode).toBe(0);
    const replay = await runCli(['replay', await onlyRunId(db), '--store', db], {
      cwd: folder,
      env: { RELEASE_MANAGER: 'Grace', READY: '1' },
    });
    expect(replay.exitCode).toBe(1);
    expect(replay.stdout).toContain('diverges');
  });

  it('never falls back to the process environment of the CLI', async () => {
    const { folder, file, db } = workspace;
    process.env.RELEASE_MANAGER = 'from the process';
    try {
      const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder, env: { READY: '1' } });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain(' for  | 1');
      expect(run.stdout).not.toContain('from the process');
    } finally {
      delete process.env.RELEASE_MANAGER;
    }
  });
});

describe('run.id in a run without a journal', () => {
  const document = () => parseWorkflow(WORKFLOW, 'stamp.vega.yaml', { env: {}, directory: '.' });
  const invokeAgent = async ({ message }: { message: string }) => ({
    text: message,
    usage: ZERO_USAGE,
    cost: ZERO_COST,
  });

  it('is the id given, or a random UUID made once for the run', async () => {
    const options = { inputs: {}, invokeAgent, env: { RELEASE_MANAGER: 'Ada', READY: '2' } } as const;
    const given = await runWorkflow(document(), { ...options, runId: 'run-7' });
    expect(given.output).toBe('run-7 | run-7 | Run run-7 for Ada | 2');
    const drawn = await runWorkflow(document(), options);
    const [id, whole, echoed] = String(drawn.output).split(' | ');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(whole).toBe(id);
    expect(echoed).toBe(`Run ${id} for Ada`);
    const again = await runWorkflow(document(), options);
    expect(String(again.output).split(' | ')[0]).not.toBe(id);
  });
});
