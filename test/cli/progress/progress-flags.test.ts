import { describe, expect, it } from 'vitest';
import { parseRunArguments } from '../../../src/cli/parse-run-arguments.ts';

describe('vega run --progress and --json', () => {
  it('takes a progress mode, auto by default', () => {
    expect(parseRunArguments(['f.yaml']).progress).toBe('auto');
    expect(parseRunArguments(['f.yaml', '--progress', 'lines']).progress).toBe('lines');
    expect(parseRunArguments(['f.yaml', '--progress=json', '-q'])).toMatchObject({
      progress: 'json',
      quiet: true,
    });
  });

  it('explains a mode it does not know', () => {
    expect(() => parseRunArguments(['f.yaml', '--progress', 'tre'])).toThrow(
      "'--progress' takes auto, tree, lines, json or none, not 'tre'.",
    );
  });

  it('reads --json as --output json, and refuses it with another --output', () => {
    expect(parseRunArguments(['f.yaml', '--json']).output).toBe('json');
    expect(parseRunArguments(['f.yaml', '--json', '-o', 'json']).output).toBe('json');
    expect(() => parseRunArguments(['f.yaml', '--json', '--output', 'yaml'])).toThrow(
      "'--json' and '--output yaml' cannot be used together.",
    );
  });
});
