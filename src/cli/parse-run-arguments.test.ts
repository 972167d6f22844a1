import { describe, expect, it } from 'vitest';
import { parseRunArguments } from './parse-run-arguments.ts';

describe('parseRunArguments', () => {
  it('takes flags before or after the file and other --name value pairs as inputs', () => {
    expect(
      parseRunArguments(['--task', 'a parser', 'team.vega.yaml', '-w', 'review', '--words=300']),
    ).toEqual({
      file: 'team.vega.yaml',
      workflow: 'review',
      output: 'text',
      progress: 'auto',
      dryRun: false,
      quiet: false,
      verbose: false,
      help: false,
      inputs: { task: 'a parser', words: '300' },
    });
  });

  it('reads --model, --output and switches, and a bare --flag input as true', () => {
    const parsed = parseRunArguments([
      'f.yaml',
      '--model',
      'scripted:echo',
      '-o',
      'json',
      '--draft',
      '--quiet',
    ]);
    expect(parsed).toMatchObject({
      model: 'scripted:echo',
      output: 'json',
      quiet: true,
      inputs: { draft: true },
    });
  });

  it('explains a missing file, a missing value, an unknown option and a bad output format', () => {
    expect(() => parseRunArguments([])).toThrow(/No workflow file given/);
    expect(() => parseRunArguments(['f.yaml', '--model'])).toThrow("'--model' needs a value.");
    expect(() => parseRunArguments(['f.yaml', '-x'])).toThrow("Unknown option '-x'.");
    expect(() => parseRunArguments(['f.yaml', '--output', 'xml'])).toThrow(
      "'--output' takes text, json or yaml, not 'xml'.",
    );
    expect(() => parseRunArguments(['f.yaml', '--output', 'ymal'])).toThrow(
      expect.objectContaining({ hint: "Did you mean 'yaml'?" }),
    );
    expect(() => parseRunArguments(['f.yaml', '--quiet', '--verbose'])).toThrow(
      "'--quiet' and '--verbose' cannot be used together.",
    );
    expect(() => parseRunArguments(['f.yaml', '-w', 'a', '--workflow', 'b'])).toThrow(
      "'--workflow' was given twice: 'a' and 'b'.",
    );
    expect(() => parseRunArguments(['f.yaml', '--out'])).toThrow("'--out' needs a value.");
    expect(() => parseRunArguments(['a.yaml', 'b.yaml'])).toThrow(
      'Expected one workflow file, got 2: a.yaml, b.yaml.',
    );
  });

  it('reads --budget as dollars, with or without $, and leaves it out when absent', () => {
    expect(parseRunArguments(['f.yaml', '--budget', '$0.50']).budgetUsd).toBe(0.5);
    expect(parseRunArguments(['--budget=2', 'f.yaml']).budgetUsd).toBe(2);
    expect(parseRunArguments(['f.yaml', '--budget', '$10.00']).budgetUsd).toBe(10);
    expect(parseRunArguments(['f.yaml', '--budget', '1.5']).budgetUsd).toBe(1.5);
    expect(parseRunArguments(['f.yaml'])).not.toHaveProperty('budgetUsd');
  });

  it('explains a bad --budget', () => {
    const form = `'--budget' takes an amount of money like "$0.50" or a number of dollars`;
    expect(() => parseRunArguments(['f.yaml', '--budget', '€5'])).toThrow(`${form}, not '€5'.`);
    expect(() => parseRunArguments(['f.yaml', '--budget', '$1.2.3'])).toThrow(`${form}, not '$1.2.3'.`);
    // What the shell leaves of an unquoted `$5`.
    expect(() => parseRunArguments(['f.yaml', '--budget', ''])).toThrow(`${form}, not ''.`);
    expect(() => parseRunArguments(['f.yaml', '--budget', '-1'])).toThrow(
      "'--budget' cannot be negative, not '-1'.",
    );
    expect(() => parseRunArguments(['f.yaml', '--budget'])).toThrow("'--budget' needs a value.");
    let thrown: unknown;
    try {
      parseRunArguments(['f.yaml', '--budget', 'lots']);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'invalid_command_line',
      hint: "Quote it so the shell keeps the $ (--budget '$0.50'), or give dollars: --budget 0.5.",
    });
  });

  it('reads --inputs (a file or - for standard input), --out, --dry-run and --output yaml anywhere', () => {
    expect(
      parseRunArguments(['--dry-run', '--inputs', '-', 'f.yaml', '--out=result.txt', '-o', 'yaml']),
    ).toMatchObject({
      file: 'f.yaml',
      inputsFile: '-',
      out: 'result.txt',
      dryRun: true,
      output: 'yaml',
      inputs: {},
    });
    expect(parseRunArguments(['f.yaml', '--inputs=in.json']).inputsFile).toBe('in.json');
    expect(parseRunArguments(['f.yaml'])).not.toHaveProperty('out');
  });
});
