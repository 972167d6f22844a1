import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite-store.ts';
import { loadWorkflowFile } from '../../src/workflow/load/load-workflow-file.ts';
import { runCli } from '../cli/run-cli.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
let folder: string;

/** The hello example, copied with a `settings.store` line added. */
async function helloWithStore(store: string): Promise<string> {
  await copyFile(join(EXAMPLES, 'hello.replies.yaml'), join(folder, 'hello.replies.yaml'));
  const text = await readFile(join(EXAMPLES, 'hello.vega.yaml'), 'utf8');
  const file = join(folder, 'hello.vega.yaml');
  await writeFile(file, text.replace(/^settings:\n/m, `settings:\n  store: ${store}\n`));
  return file;
}

async function runStatuses(path: string): Promise<string[]> {
  const store = await sqliteStore(path);
  try {
    return (await store.listRuns()).map((run) => run.status);
  } finally {
    await store.close();
  }
}

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'vega-settings-store-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('settings.store', () => {
  it('is read relative to the workflow file; a postgres:// URL is kept as written', async () => {
    const file = await helloWithStore('runs/team.db');
    expect((await loadWorkflowFile(file, { env: {} })).settings.store).toBe(join(folder, 'runs', 'team.db'));
    const url = await helloWithStore('postgres://vega@db.internal:5432/runs');
    expect((await loadWorkflowFile(url, { env: {} })).settings.store).toBe(
      'postgres://vega@db.internal:5432/runs',
    );
  });

  it('is where vega run keeps the run, unless --store or VEGA_STORE says otherwise', async () => {
    const file = await helloWithStore('runs/team.db');
    const fromFile = await runCli(['run', file, '-q'], { cwd: folder, env: { VEGA_STORE: undefined } });
    expect(fromFile.exitCode).toBe(0);
    expect(await runStatuses(join(folder, 'runs', 'team.db'))).toEqual(['completed']);

    const flag = await runCli(['run', file, '-q', '--store', 'flag.db'], {
      cwd: folder,
      env: { VEGA_STORE: undefined },
    });
    expect(flag.exitCode).toBe(0);
    expect(await runStatuses(join(folder, 'flag.db'))).toEqual(['completed']);

    const environment = await runCli(['run', file, '-q'], { cwd: folder, env: { VEGA_STORE: 'env.db' } });
    expect(environment.exitCode).toBe(0);
    expect(await runStatuses(join(folder, 'env.db'))).toEqual(['completed']);
    // The file's store got only the first run.
    expect(await runStatuses(join(folder, 'runs', 'team.db'))).toEqual(['completed']);
  });
});
