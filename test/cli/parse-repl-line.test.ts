import { describe, expect, it } from 'vitest';
import { parseReplLine, splitWords } from '../../src/cli/parse-repl-line.ts';

describe('parseReplLine', () => {
  it('reads Agent <- "message" with double quotes, single quotes or none', () => {
    expect(parseReplLine('Writer <- "Say \\"hi\\" to {{name}}"')).toEqual({
      kind: 'send',
      agent: 'Writer',
      message: 'Say "hi" to {{name}}',
    });
    expect(parseReplLine("  Editor<-'Tighten it'  ")).toEqual({
      kind: 'send',
      agent: 'Editor',
      message: 'Tighten it',
    });
    expect(parseReplLine('Writer <- plain text, no quotes')).toEqual({
      kind: 'send',
      agent: 'Writer',
      message: 'plain text, no quotes',
    });
  });

  it('reads run with its inputs, and the other commands', () => {
    expect(parseReplLine('run review --task "a CSV parser" --words=300 --draft')).toEqual({
      kind: 'run',
      workflow: 'review',
      inputs: { task: 'a CSV parser', words: '300', draft: true },
    });
    expect(parseReplLine('save draft_1')).toEqual({ kind: 'save', name: 'draft_1' });
    expect(parseReplLine('show Writer')).toEqual({ kind: 'show', name: 'Writer' });
    expect(parseReplLine('list workflows')).toEqual({ kind: 'list', what: 'workflows' });
    expect(parseReplLine("load 'my team.vega.yaml'")).toEqual({ kind: 'load', file: 'my team.vega.yaml' });
    expect(parseReplLine('help')).toEqual({ kind: 'help' });
    expect(parseReplLine('quit')).toEqual({ kind: 'exit' });
    expect(parseReplLine('   ')).toEqual({ kind: 'nothing' });
    expect(parseReplLine('# a comment')).toEqual({ kind: 'nothing' });
  });

  it('explains a bad line, with a did-you-mean hint when a command is misspelt', () => {
    const failure = (line: string) => {
      try {
        parseReplLine(line);
      } catch (error) {
        return { message: (error as Error).message, hint: (error as { hint?: string }).hint };
      }
      throw new Error(`'${line}' parsed`);
    };
    expect(failure('lst agents')).toEqual({
      message: "unknown command 'lst'.",
      hint: "did you mean 'list'? Type help for the commands.",
    });
    expect(failure('list agnts')).toEqual({
      message: "'list' takes agents or workflows, not 'agnts'.",
      hint: "did you mean 'list agents'?",
    });
    expect(failure('Writer <- "unclosed').message).toBe(
      'the message has no closing quote, or text after it.',
    );
    expect(failure('Writer <-').message).toBe('nothing to send after <-.');
    expect(failure('save 1x').message).toBe("'1x' is not a variable name.");
    expect(failure('save').message).toBe("'save' takes one NAME, got none.");
    expect(failure('run').message).toBe("'run' needs a workflow name.");
    expect(failure('run review task').message).toBe("expected an input as --name value, found 'task'.");
  });

  it('splits words as a shell does for quotes', () => {
    expect(splitWords(`a "b c" 'd "e"' "f\\"g" ""`)).toEqual(['a', 'b c', 'd "e"', 'f"g', '']);
    expect(() => splitWords('a "b')).toThrow('a " quote is not closed.');
  });
});
