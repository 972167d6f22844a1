import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { sqliteStore } from '../../src/store/sqlite-store.ts';

/** A temporary folder holding one workflow file and its store, made before and removed after each test. */
export interface WorkflowFolder {
  readonly folder: string;
  /** The workflow file. */
  readonly file: string;
  /** The SQLite store the test's runs go to. */
  readonly db: string;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that write `text` as `<name>.vega.yaml` into a fresh
 * temporary folder; the returned object is filled in before each test.
 *
 * @example
 * const workspace = useWorkflowFolder('stamp', WORKFLOW);
 * it('runs', async () => runCli(['run', workspace.file, '--store', workspace.db], { cwd: workspace.folder }));
 */
export function useWorkflowFolder(name: string, text: string): WorkflowFolder {
  const current = { folder: '', file: '', db: '' };
  beforeEach(async () => {
    current.folder = await mkdtemp(join(tmpdir(), `vega-${name}-`));
    current.file = join(current.folder, `${name}.vega.yaml`);
    current.db = join(current.folder, 'vega.db');
    await writeFile(current.file, text);
  });
  afterEach(async () => {
    await rm(current.folder, { recursive: true, force: true });
  });
  return current;
}

/** The id of the only run in the store at `db`. */
export async function onlyRunId(db: string): Promise<string> {
  const store = await sqliteStore(db);
  try {
    const [run, ...others] = await store.listRuns();
    if (run === undefined || others.length > 0) throw new Error(`expected one run in ${db}`);
    return run.id;
  } finally {
    await store.close();
  }
}
