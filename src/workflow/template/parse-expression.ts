import type { Expression, PathSegment } from './expression.ts';
import type { TemplateProblem } from './template-problem.ts';

const NAME = /[A-Za-z_]\w*/y;
const INDEX = /-?\d+/y;
const QUOTED = /'([^'\\]*)'|"([^"\\]*)"/y;
const BEYOND_PATHS = /[|+*/%<>=!()]|(?:^|\s)-|\b(?:and|or|not|in|if|else)\b|^\s*['"\d[{]/;

/** The result of {@link parseExpression}: an expression, or a problem located inside `source`. */
export type ParsedExpression =
  | { readonly ok: true; readonly expression: Expression }
  | { readonly ok: false; readonly problem: TemplateProblem };

/**
 * Parses the text between `{{` and `}}`. Today only names and paths are accepted; operators, filters
 * and literals of the full expression language are reported as `unsupported` rather than misread.
 *
 * @example
 * parseExpression(' tasks[0].title '); // { ok: true, expression: { kind: 'path', root: 'tasks', path: [0, 'title'], ... } }
 */
export function parseExpression(source: string): ParsedExpression {
  let position = 0;
  const skipSpaces = (): void => {
    while (source[position] === ' ' || source[position] === '\t') position++;
  };
  const match = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = position;
    const found = pattern.exec(source);
    if (found !== null) position = pattern.lastIndex;
    return found;
  };
  const fail = (): ParsedExpression => notAPath(source, position);

  skipSpaces();
  const root = match(NAME)?.[0];
  if (root === undefined) return fail();
  const path: PathSegment[] = [];
  for (skipSpaces(); position < source.length; skipSpaces()) {
    if (source[position] === '.') {
      position++;
      skipSpaces();
      const name = match(NAME)?.[0];
      if (name === undefined) return fail();
      path.push(name);
    } else if (source[position] === '[') {
      position++;
      skipSpaces();
      const index = match(INDEX);
      const quoted = index === null ? match(QUOTED) : null;
      if (index === null && quoted === null) return fail();
      skipSpaces();
      if (source[position] !== ']') return fail();
      position++;
      path.push(index === null ? (quoted?.[1] ?? quoted?.[2] ?? '') : Number(index[0]));
    } else {
      return fail();
    }
  }
  return { ok: true, expression: { kind: 'path', root, path, source: source.trim() } };
}

function notAPath(source: string, position: number): ParsedExpression {
  const trimmed = source.trim();
  if (trimmed === '') {
    return {
      ok: false,
      problem: {
        code: 'invalid_expression',
        message: 'empty `{{ }}`',
        offset: 0,
        length: source.length,
        hint: 'write a variable name inside, like {{task}}',
      },
    };
  }
  if (BEYOND_PATHS.test(source)) {
    return {
      ok: false,
      problem: {
        code: 'unsupported',
        message: `\`{{${source}}}\` is not supported yet by this version of Vega`,
        offset: 0,
        length: source.length,
        hint: 'only names and paths (task, analysis.summary, tasks[0]) are supported inside {{ }} for now',
      },
    };
  }
  return {
    ok: false,
    problem: {
      code: 'invalid_expression',
      message: `invalid expression \`${trimmed}\``,
      offset: Math.min(position, Math.max(0, source.length - 1)),
      length: 1,
      hint: 'write a name or a path, like task, analysis.summary or tasks[0]',
    },
  };
}
