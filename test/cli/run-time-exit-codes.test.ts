import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';

const RECURSIVE = `settings:
  max_depth: 3
agents:
  Clerk:
    model: scripted:echo
    system: You repeat.
workflows:
  main:
    steps:
      - workflow: again
  again:
    steps:
      - workflow: again
`;

const FOR_NUMBER = `agents:
  Clerk:
    model: scripted:echo
    system: You repeat.
workflows:
  main:
    steps:
      - set: { items: 3 }
      - for: item in items
        steps:
          - Clerk: "{{item}}"
`;

const BAD_PATH = `agents:
  Clerk:
    model: scripted:echo
    system: You repeat.
workflows:
  main:
    steps:
      - set: { report: { title: x } }
      - Clerk: "{{ report.title.words[4] }}"
`;

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({
    'recursive.vega.yaml': RECURSIVE,
    'for-number.vega.yaml': FOR_NUMBER,
    'bad-path.vega.yaml': BAD_PATH,
  });
});

afterAll(() => folder.cleanup());

describe('a workflow that fails while running', () => {
  it('exits 1 (the run failed) on max_depth_exceeded, with the code frame', async () => {
    const run = await runCli(['run', 'recursive.vega.yaml', '--workflow', 'main', '-q'], {
      cwd: folder.path,
    });
    expect(run.stderr).toContain('workflows nest deeper than settings.max_depth (3)');
    expect(run.stderr).toContain('recursive.vega.yaml:13:19');
    expect(run.exitCode).toBe(1);
  });

  it('exits 1 on a `for` over something that is not a list', async () => {
    const run = await runCli(['run', 'for-number.vega.yaml', '-q'], { cwd: folder.path });
    expect(run.stderr).toContain('for-number.vega.yaml:9:');
    expect(run.stderr).toContain('`for` needs a list, got a number');
    expect(run.exitCode).toBe(1);
  });

  it('exits 1 on a template that reads a path the value does not have', async () => {
    const run = await runCli(['run', 'bad-path.vega.yaml', '-q'], { cwd: folder.path });
    expect(run.stderr).toContain('bad-path.vega.yaml:9:');
    expect(run.exitCode).toBe(1);
  });

  it('still exits 2 for a file that does not validate, or a workflow the command line does not name', async () => {
    const invalid = await runCli(['run', 'recursive.vega.yaml', '--workflow', 'nope', '-q'], {
      cwd: folder.path,
    });
    expect(invalid.exitCode).toBe(2);
  });
});
