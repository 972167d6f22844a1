import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertNodeVersion } from './node-version.ts';

describe('assertNodeVersion', () => {
  it('accepts Node 24 and newer', () => {
    expect(() => assertNodeVersion('24.0.0')).not.toThrow();
    expect(() => assertNodeVersion('26.1.0')).not.toThrow();
  });

  it('refuses older Node with a message that says how to run the project-local one', () => {
    expect(() => assertNodeVersion('20.20.2')).toThrow(
      /Vega needs Node 24 or newer, but this is Node 20\.20\.2\. Run it through npm .*npx vega/,
    );
  });
});

// The machines ship an older system Node at /usr/bin/node (TOOLCHAIN.md); the guard in bin/vega.js must
// answer it with a message, not a syntax error. Where that Node is absent or new, there is nothing to check.
const systemNode = '/usr/bin/node';
const systemMajor = existsSync(systemNode)
  ? Number(
      execFileSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim(),
    )
  : undefined;

describe.runIf(systemMajor !== undefined && systemMajor < 24)(
  `bin/vega.js on the system Node ${systemMajor ?? '(absent)'}`,
  () => {
    it('exits 2 with a clear message instead of a stack trace', () => {
      const run = spawnSync(systemNode, ['bin/vega.js', 'run', 'examples/hello.vega.yaml'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^error: Vega needs Node 24 or newer, but this is Node \d+/);
      expect(run.stderr).toContain('npx vega');
      expect(run.stdout).toBe('');
    });
  },
);
