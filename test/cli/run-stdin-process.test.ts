import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryFolder } from './run-cli.ts';
import { TEAM } from './run-flags-fixtures.ts';

const VEGA = fileURLToPath(new URL('../../bin/vega.js', import.meta.url));
const ENVIRONMENT = { VEGA_STORE: ':memory:', NO_COLOR: '1' };

let folder: Awaited<ReturnType<typeof temporaryFolder>>;

beforeAll(async () => {
  folder = await temporaryFolder({ 'team.vega.yaml': TEAM });
});

afterAll(() => folder.cleanup());

/** `vega run ARGS` as a child process, with `input` piped into its standard input. */
function vegaRun(args: readonly string[], input: string) {
  const result = spawnSync(process.execPath, [VEGA, 'run', 'team.vega.yaml', ...args], {
    cwd: folder.path,
    env: ENVIRONMENT,
    input,
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('vega run reading a real standard input', () => {
  it('takes piped text as the input of a one-input workflow', () => {
    expect(vegaRun(['-w', 'draft', '-q'], 'piped text\n')).toEqual({
      exitCode: 0,
      stdout: '[echo] Write about piped text\n',
      stderr: '',
    });
  });

  it('takes the inputs as a JSON object with --inputs -', () => {
    expect(vegaRun(['-w', 'review', '--inputs', '-', '-q'], '{"code": "x = 1", "rounds": 1}')).toMatchObject({
      exitCode: 0,
      stdout: '[echo] Review x = 1\n',
    });
    const bad = vegaRun(['-w', 'review', '--inputs', '-'], '{"code": }');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--> <stdin>:1:10');
  });

  it('does not wait on a standard input left open when the input is given', async () => {
    const child = spawn(
      process.execPath,
      [VEGA, 'run', 'team.vega.yaml', '-w', 'draft', '--topic', 'x', '-q'],
      {
        cwd: folder.path,
        env: ENVIRONMENT,
        // Standard input is a pipe this test never writes to nor closes.
        stdio: ['pipe', 'pipe', 'pipe'],
        timeout: 20_000,
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    const exitCode = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(exitCode).toBe(0);
    expect(stdout).toBe('[echo] Write about x\n');
  });
});
