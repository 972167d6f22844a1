import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';

describe('vega run warnings', () => {
  it('shows a warning in an included file with that file and its code frame', async () => {
    const folder = await temporaryFolder({
      'team.vega.yaml': [
        'include: [agents.vega.yaml]',
        'settings: { default_model: scripted:echo }',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: hi',
        '',
      ].join('\n'),
      'agents.vega.yaml': [
        'agents:',
        '  Writer: { system: You write. }',
        '  Idle: { system: You idle. }',
        '',
      ].join('\n'),
    });
    try {
      const run = await runCli(['run', 'team.vega.yaml'], { cwd: folder.path });
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toContain("agent 'Idle' is not used by any workflow");
      expect(run.stderr).toContain('agents.vega.yaml:3:3');
      expect(run.stderr).toContain('3 |   Idle: { system: You idle. }');
    } finally {
      await folder.cleanup();
    }
  });
});
