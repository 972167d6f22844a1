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
      "'--output' takes text or json, not 'xml'.",
    );
    expect(() => parseRunArguments(['a.yaml', 'b.yaml'])).toThrow(
      'Expected one workflow file, got 2: a.yaml, b.yaml.',
    );
  });
});
