import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/create-runtime.ts';
import { WorkflowLoadError } from '../../src/diagnostics/workflow-load-error.ts';
import { scriptedModel } from '../../src/model/scripted/index.ts';
import { loadWorkflowFile } from '../../src/workflow/load/load-workflow-file.ts';
import { createAgentInvoker } from '../../src/workflow/run/create-agent-invoker.ts';
import { runWorkflow } from '../../src/workflow/run/run-workflow.ts';
import { runCli } from '../cli/run-cli.ts';
import { onlyRunId, useWorkflowFolder } from '../durable/workflow-folder.ts';

const skill = (front: string, body: string) => `---\n${front}\n---\n${body}\n`;

const SKILLS: Record<string, string> = {
  'skills/review.skill.md': skill(
    'name: code-review\ndescription: How we review code\ntags: [review]\ntriggers:\n  - keyword: review\n  - pattern: "PR ?#\\\\d+"',
    'Read the tests first.',
  ),
  'skills/security/secrets.skill.md': skill(
    'name: secrets\ndescription: Spotting leaked secrets\ntriggers:\n  - keyword: password\n  - keyword: review',
    'Flag any hard-coded credential.',
  ),
  'skills/style.skill.md': skill('name: style\ntriggers: [style, formatting]', 'Prefer short functions.'),
  'team-skills/release.skill.md': skill(
    'name: release\ndescription: Cutting a release\ntriggers: [{ pattern: "/^RELEASE/" }]',
    'Update the changelog.',
  ),
};

const WORKFLOW = `settings:
  skills: { directories: [skills] }
agents:
  Reviewer:
    model: scripted:echo
    system: You review code.
  Releaser:
    model: scripted:echo
    system: You ship.
    skills: { directories: [team-skills], exclude: [style], max_active: 1 }
workflows:
  main:
    steps:
      - Reviewer: "Please review PR #12, and check for a password"
      - Reviewer: "Fix the formatting"
      - Reviewer: "Thanks"
      - Releaser: "RELEASE 1.2: review the password handling"
`;

const workspace = useWorkflowFolder('skills', WORKFLOW);

async function writeSkills(folder: string, files: Record<string, string> = SKILLS): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(folder, name, '..'), { recursive: true });
    await writeFile(join(folder, name), text);
  }
}

/** Runs the workflow in process; gives the system prompt of each model call, in order. */
async function systemPrompts(file: string, supervised: boolean): Promise<string[]> {
  const document = await loadWorkflowFile(file, { env: {} });
  const model = scriptedModel({ replies: [], fallback: 'echo' });
  const runtime = createRuntime({ env: {} });
  const environment = { ...runtime.environment, resolveModel: () => model };
  await runWorkflow(document, {
    inputs: {},
    invokeAgent: createAgentInvoker(document, {
      environment,
      ...(supervised ? { processes: runtime.processes } : {}),
    }),
  });
  return model.calls.map((call) => {
    const head = call.options.prompt[0];
    return head?.role === 'system' ? head.content : '';
  });
}

describe('skills', () => {
  for (const supervised of [false, true]) {
    it(`join the system prompt of the calls whose message triggers them${supervised ? ' (supervised agents)' : ''}`, async () => {
      await writeSkills(workspace.folder);
      const prompts = await systemPrompts(workspace.file, supervised);
      expect(prompts).toHaveLength(4);
      // Two triggers of code-review match (keyword and pattern), one of secrets: code-review comes first.
      expect(prompts[0]).toBe(
        [
          'You review code.',
          '## Skill: code-review\nHow we review code\n\nRead the tests first.',
          '## Skill: secrets\nSpotting leaked secrets\n\nFlag any hard-coded credential.',
        ].join('\n\n'),
      );
      // The next call carries only its own message's skills, though it continues the conversation.
      expect(prompts[1]).toBe('You review code.\n\n## Skill: style\nPrefer short functions.');
      expect(prompts[2]).toBe('You review code.');
      // max_active: 1 keeps the skill with the most matching triggers: secrets (review, password: 2)
      // before code-review and release (1 each).
      expect(prompts[3]).toBe(
        'You ship.\n\n## Skill: secrets\nSpotting leaked secrets\n\nFlag any hard-coded credential.',
      );
    });
  }

  it('apply only the included skills, and keep the prompt of a durable run the same on replay', async () => {
    const { folder, file, db } = workspace;
    await writeSkills(folder);
    await writeFile(file, WORKFLOW.replace('exclude: [style], max_active: 1', 'include: [release, secrets]'));
    const prompts = await systemPrompts(file, false);
    expect(prompts[3]).toBe(
      [
        'You ship.',
        '## Skill: secrets\nSpotting leaked secrets\n\nFlag any hard-coded credential.',
        '## Skill: release\nCutting a release\n\nUpdate the changelog.',
      ].join('\n\n'),
    );
    const run = await runCli(['run', file, '--store', db, '-q'], { cwd: folder });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const runId = await onlyRunId(db);
    const replay = await runCli(['replay', runId, '--store', db], { cwd: folder });
    expect(replay.stdout).toContain('the output is the recorded one');
    expect(replay.exitCode).toBe(0);
    // The skill's text is part of the request: editing it makes the replay diverge, loudly.
    await writeSkills(folder, {
      'skills/security/secrets.skill.md': SKILLS['skills/security/secrets.skill.md']!.replace(
        'Flag',
        'Report',
      ),
    });
    const changed = await runCli(['replay', runId, '--store', db], { cwd: folder });
    expect(changed.exitCode).not.toBe(0);
    expect(`${changed.stdout}${changed.stderr}`).toMatch(/diverge/i);
  });

  it('report bad front matter at its line and column in the skill file, and unknown names with did-you-mean', async () => {
    const { folder, file } = workspace;
    await writeSkills(folder, {
      ...SKILLS,
      'skills/broken.skill.md': skill(
        'name: broken\ndescripton: typo\ntriggers:\n  - keyword: a\n  - regex: "b"\n  - pattern: "(unclosed"',
        'Body.',
      ),
      'skills/nofront.skill.md': 'Just text.\n',
    });
    await writeFile(file, WORKFLOW.replace('exclude: [style]', 'exclude: [styles], include: [relase]'));
    const failure = await loadWorkflowFile(file, { env: {} }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowLoadError);
    const error = failure as WorkflowLoadError;
    const broken = join(folder, 'skills/broken.skill.md');
    expect(error.diagnostics.map((d) => [d.file, d.line, d.column, d.code, d.hint])).toEqual(
      expect.arrayContaining([
        [broken, 3, 1, 'unknown_key', "did you mean 'description'?"],
        [broken, 6, 5, 'invalid_trigger', "unknown trigger 'regex': use keyword or pattern"],
        [broken, 7, 14, 'invalid_pattern', expect.any(String)],
        [join(folder, 'skills/nofront.skill.md'), 1, 1, 'invalid_skill', expect.stringContaining('---')],
        [file, 10, expect.any(Number), 'unknown_skill', "did you mean 'style'?"],
        [file, 10, expect.any(Number), 'unknown_skill', "did you mean 'release'?"],
      ]),
    );
    // Each diagnostic renders against its own file's text.
    const rendered = error.render({ color: false });
    expect(rendered).toContain(`--> ${broken}:3:1`);
    expect(rendered).toContain('3 | descripton: typo');
    expect(rendered).toContain('7 |   - pattern: "(unclosed"');
  });

  it('report a missing folder and keys of `skills` that do not exist', async () => {
    const { folder, file } = workspace;
    await writeSkills(folder);
    await writeFile(
      file,
      WORKFLOW.replace('directories: [skills] }', 'directories: [skills, nowhere] }').replace(
        'max_active: 1',
        'max_activ: 1',
      ),
    );
    const failure = (await loadWorkflowFile(file, { env: {} }).catch(
      (error: unknown) => error,
    )) as WorkflowLoadError;
    expect(failure.diagnostics.map((d) => [d.line, d.code, d.message, d.hint])).toEqual([
      [2, 'file_not_found', "cannot read the skills folder 'nowhere': no such folder", expect.any(String)],
      [10, 'unknown_key', expect.stringContaining("'max_activ'"), "did you mean 'max_active'?"],
    ]);
  });
});
