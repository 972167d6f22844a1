import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, temporaryFolder } from './run-cli.ts';

describe('vega validate and run with include, extends and knowledge', () => {
  it('shows a mistake in an included file with that file, its line and its code frame', async () => {
    const folder = await temporaryFolder({
      'team.vega.yaml': [
        'include: [lib/agents.vega.yaml]',
        'workflows:',
        '  main:',
        '    steps:',
        '      - Writer: hi',
        '',
      ].join('\n'),
    });
    try {
      await mkdir(join(folder.path, 'lib'));
      await writeFile(
        join(folder.path, 'lib/agents.vega.yaml'),
        ['agents:', '  Writer:', '    system: You write.', '    temprature: 0.3', ''].join('\n'),
      );
      const run = await runCli(['validate', 'team.vega.yaml'], { cwd: folder.path });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain("unknown key 'temprature' in agent 'Writer'");
      expect(run.stderr).toContain('--> lib/agents.vega.yaml:4:5');
      expect(run.stderr).toContain('4 |     temprature: 0.3');
      expect(run.stderr).toContain("did you mean 'temperature'?");
    } finally {
      await folder.cleanup();
    }
  });

  it('runs agents from an included file that extend each other, with their knowledge in the prompt', async () => {
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
        '  Base: { system: You are kind., knowledge: [style.md] }',
        '  Writer: { extends: Base }',
        '',
      ].join('\n'),
      'style.md': 'Short sentences.',
    });
    try {
      const run = await runCli(['run', 'team.vega.yaml', '-q'], { cwd: folder.path });
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('hi');
      const show = await runCli(['show', 'agent', 'Writer', '--file', 'team.vega.yaml'], {
        cwd: folder.path,
      });
      expect(show.stdout).toContain('agents.vega.yaml:3:3');
      expect(show.stdout).toContain(
        'You are kind.\n    \n    ## Knowledge: style.md\n    \n    Short sentences.',
      );
    } finally {
      await folder.cleanup();
    }
  });
});
