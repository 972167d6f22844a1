import { describe, expect, it } from 'vitest';
import { InvalidScript } from './invalid-script.ts';
import { parseScript } from './parse-script.ts';

function invalid(text: string, fileName: string): InvalidScript {
  try {
    parseScript(text, fileName);
  } catch (error) {
    if (error instanceof InvalidScript) return error;
    throw error;
  }
  throw new Error('expected the script to be invalid');
}

describe('parseScript', () => {
  it('reads the documented YAML example, normalizing snake_case keys', () => {
    const script = parseScript(
      [
        'replies:',
        '  - agent: Writer',
        '    turn: 1',
        '    text: "Here is a haiku about {{topic}}"',
        '    usage: { input: 120, output: 18, cache_read: 100, cache_write: 2 }',
        '  - match: "weather in (\\\\w+)"',
        '    tool_calls: [{ name: get_weather, input: { city: Paris } }]',
        '    finish_reason: tool-calls',
        '  - text: "Done."',
        '    times: always',
        '  - error: { status: 429, message: slow down, headers: { retry-after: 2 } }',
        '    times: .inf',
        'fallback: echo',
      ].join('\n'),
      'script.yaml',
    );
    expect(script).toEqual({
      replies: [
        {
          agent: 'Writer',
          turn: 1,
          text: 'Here is a haiku about {{topic}}',
          usage: { input: 120, output: 18, cacheRead: 100, cacheWrite: 2 },
        },
        {
          match: 'weather in (\\w+)',
          toolCalls: [{ name: 'get_weather', input: { city: 'Paris' } }],
          finishReason: 'tool-calls',
        },
        { text: 'Done.', times: 'always' },
        { error: { status: 429, message: 'slow down', headers: { 'retry-after': '2' } }, times: Infinity },
      ],
      fallback: 'echo',
    });
  });

  it('reads camelCase keys, JSON files, a reply as fallback, and a top-level list as the replies', () => {
    expect(
      parseScript(
        '{"replies": [{"toolCalls": [{"name": "f", "id": "c1"}], "finishReason": "stop"}], "fallback": {"text": "x"}}',
        'script.JSON',
      ),
    ).toEqual({
      replies: [{ toolCalls: [{ name: 'f', input: {}, id: 'c1' }], finishReason: 'stop' }],
      fallback: { text: 'x' },
    });
    expect(parseScript('- text: a\n- text: b\n', 'list.yml')).toEqual({
      replies: [{ text: 'a' }, { text: 'b' }],
    });
  });

  it('names the file, the entry, the line and column, and what is wrong', () => {
    const error = invalid(
      ['replies:', '  - text: fine', '  - agent: Writer', '    turn: 0', '    tool_call: []'].join('\n'),
      'scripts/haiku.yaml',
    );
    expect(error.code).toBe('invalid_script');
    expect(error.fileName).toBe('scripts/haiku.yaml');
    expect(error.issues).toEqual([
      {
        path: 'replies[1].turn',
        message: 'must be a whole number from 1',
        entryIndex: 1,
        line: 4,
        column: 5,
      },
      {
        path: 'replies[1].tool_call',
        message: expect.stringContaining(
          'unknown key "tool_call"; expected one of: text, toolCalls, tool_calls',
        ),
        entryIndex: 1,
        line: 5,
        column: 5,
      },
    ]);
    expect(error.message).toMatch(
      /^Invalid script scripts\/haiku\.yaml:\n {2}- replies\[1\]\.turn \(line 4, column 5\): must be a whole number from 1\n/,
    );
  });

  it('finds positions in JSON files too', () => {
    const error = invalid('{\n  "replies": [\n    {"text": "a"},\n    {"turn": "x"}\n  ]\n}', 'script.json');
    expect(error.message).toBe(
      'Invalid script script.json: replies[1].turn (line 4, column 6): must be a whole number from 1',
    );
  });

  it('reports bad patterns, chunks that do not join to the text, and doubled spellings', () => {
    const error = invalid(
      [
        'replies:',
        '  - match: "(unclosed"',
        '  - text: ab',
        '    chunks: [a, c]',
        '  - usage: { cache_read: 1, cacheRead: 2 }',
      ].join('\n'),
      's.yaml',
    );
    expect(error.issues.map((issue) => [issue.path, issue.message, issue.line])).toEqual([
      ['replies[0].match', expect.stringContaining('not a valid regular expression'), 2],
      ['replies[1].chunks', 'chunks join to "ac" but text is "ab"', 4],
      ['replies[2].usage.cache_read', 'use either "cache_read" or "cacheRead", not both', 5],
    ]);
  });

  it('reports syntax errors and empty files with the file name', () => {
    expect(invalid('replies:\n  - text: a\n   bad: : x', 'broken.yaml').message).toMatch(
      /^Invalid script broken\.yaml:.*\(line 3, column \d+\): not valid YAML/s,
    );
    expect(invalid('{"replies": [', 'broken.json').message).toMatch(
      /^Invalid script broken\.json: top level: not valid JSON/,
    );
    expect(invalid('', 'empty.yaml').message).toBe(
      'Invalid script empty.yaml: top level: the script is empty; expected `replies:` with a list of entries',
    );
    expect(invalid('fallback: nope\nreplies: []', 'f.yaml').message).toBe(
      "Invalid script f.yaml: fallback (line 1, column 1): must be 'echo', 'error' or a reply (text, tool_calls, usage, ...)",
    );
  });
});
