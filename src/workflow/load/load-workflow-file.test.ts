import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWorkflowFile } from './load-workflow-file.ts';

describe('loadWorkflowFile', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'vega-workflow-'));
    await mkdir(join(folder, 'prompts'));
    await writeFile(join(folder, 'prompts', 'coder.md'), 'You write code.\n');
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('reads system_file and sandbox relative to the file, and names the file as given', async () => {
    const path = join(folder, 'team.vega.yaml');
    await writeFile(
      path,
      'settings: { sandbox: work }\nagents:\n  Coder: { system_file: prompts/coder.md }\n',
    );
    const document = await loadWorkflowFile(path, { env: {} });
    expect(document.file).toBe(path);
    expect(document.agents.get('Coder')).toMatchObject({
      system: 'You write code.\n',
      systemFile: join(folder, 'prompts', 'coder.md'),
    });
    expect(document.settings.sandbox).toBe(join(folder, 'work'));
  });

  it('reports a system_file that cannot be read at its value', async () => {
    const path = join(folder, 'broken.vega.yaml');
    await writeFile(path, 'agents:\n  Coder: { system_file: prompts/missing.md }\n');
    await expect(loadWorkflowFile(path, { env: {} })).rejects.toMatchObject({
      code: 'invalid_workflow',
      diagnostics: [
        {
          code: 'file_not_found',
          line: 2,
          column: 25,
          message: "cannot read system_file 'prompts/missing.md': no such file",
        },
      ],
    });
  });

  it('fails with file_not_found for a file that does not exist', async () => {
    await expect(loadWorkflowFile(join(folder, 'nope.vega.yaml'))).rejects.toMatchObject({
      code: 'file_not_found',
    });
  });
});
