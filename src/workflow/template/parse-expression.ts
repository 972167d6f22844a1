import type { BinaryOperator, Expression, ExpressionNode } from './expression.ts';
import { ExpressionSyntaxError } from './expression-syntax-error.ts';
import type { TemplateProblem } from './template-problem.ts';
import { type Token, type TokenizeOptions, tokenizeExpression } from './tokenize-expression.ts';

/** The result of {@link parseExpression}: an expression, or a problem located inside `source`. */
export type ParsedExpression =
  | { readonly ok: true; readonly expression: Expression }
  | { readonly ok: false; readonly problem: TemplateProblem };

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'if', 'else', 'true', 'false', 'null']);
/**
 * Bounds on one expression, so that neither this parser nor the recursive walks over its tree (checks,
 * evaluation) can run out of stack: an expression written by a person is far below both.
 */
export const MAX_EXPRESSION_TOKENS = 1_000;
export const MAX_EXPRESSION_NESTING = 64;
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Parses an expression: the text between `{{` and `}}`, or a braceless `if:`/`until:`/`max:` (with
 * `bracedGroups`, where `{{x}}` reads as `(x)`). Never throws: a mistake comes back as a problem with
 * its offset and length in `source`.
 *
 * Grammar, lowest precedence first:
 * ```
 * conditional := or ('if' or 'else' conditional)?
 * or          := and ('or' and)*
 * and         := not ('and' not)*
 * not         := 'not' not | comparison
 * comparison  := sum (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in') sum)?
 * sum         := product (('+' | '-') product)*
 * product     := unary (('*' | '/' | '%') unary)*
 * unary       := '-' unary | filtered
 * filtered    := postfix ('|' NAME (':' argument)*)*
 * argument    := '-' argument | postfix
 * postfix     := primary ('.' NAME | '[' conditional ']')*
 * primary     := NUMBER | STRING | 'true' | 'false' | 'null' | NAME
 *              | '[' (conditional (',' conditional)* ','?)? ']'
 *              | '{' ((NAME | STRING | NUMBER) ':' conditional (',' …)* ','?)? '}'
 *              | '(' conditional ')'
 * ```
 *
 * @example
 * parseExpression("'APPROVED' not in review"); // { ok: true, expression: { source, node: { kind: 'binary', operator: 'not in', … } } }
 * parseExpression('a +');                      // { ok: false, problem: { offset: 2, message: 'expected a value after `+`', … } }
 */
export function parseExpression(source: string, options: TokenizeOptions = {}): ParsedExpression {
  if (source.trim() === '') {
    return {
      ok: false,
      problem: {
        code: 'invalid_expression',
        message: 'empty expression',
        offset: 0,
        length: source.length,
        hint: 'write a variable name, like task',
      },
    };
  }
  try {
    const parser = new Parser(tokenizeExpression(source, options));
    const node = parser.parseAll();
    return { ok: true, expression: { source: source.trim(), node } };
  } catch (error) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return {
      ok: false,
      problem: {
        code: 'invalid_expression',
        message: error.message,
        offset: error.offset,
        length: error.length,
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      },
    };
  }
}

class Parser {
  readonly #tokens: readonly Token[];
  #index = 0;
  #nesting = 0;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  parseAll(): ExpressionNode {
    const beyond = this.#tokens[MAX_EXPRESSION_TOKENS];
    if (beyond !== undefined && beyond.kind !== 'end') {
      throw new ExpressionSyntaxError(
        `this expression is too long: more than ${MAX_EXPRESSION_TOKENS.toLocaleString('en-US')} names, values and operators`,
        beyond,
        'compute it in several steps with `set`',
      );
    }
    const node = this.#conditional();
    const token = this.#peek();
    if (token.kind !== 'end') {
      throw new ExpressionSyntaxError(
        `unexpected ${describe(token)} after a complete expression`,
        token,
        'join values with an operator like + or and, or a filter with |',
      );
    }
    return node;
  }

  #conditional(): ExpressionNode {
    if (this.#nesting >= MAX_EXPRESSION_NESTING) {
      throw new ExpressionSyntaxError(
        `this expression nests more than ${MAX_EXPRESSION_NESTING} levels of brackets or conditionals`,
        this.#peek(),
        'compute the inner parts first, in steps with `set`',
      );
    }
    this.#nesting += 1;
    try {
      return this.#conditionalAtDepth();
    } finally {
      this.#nesting -= 1;
    }
  }

  #conditionalAtDepth(): ExpressionNode {
    const then = this.#or();
    if (!this.#isKeyword('if')) return then;
    this.#next();
    const condition = this.#or();
    this.#expectKeyword('else', 'a conditional is written `a if condition else b`');
    const otherwise = this.#conditional();
    return { kind: 'conditional', then, condition, otherwise, ...span(then, otherwise) };
  }

  #or(): ExpressionNode {
    let left = this.#and();
    while (this.#isKeyword('or')) {
      this.#next();
      left = binary('or', left, this.#and());
    }
    return left;
  }

  #and(): ExpressionNode {
    let left = this.#not();
    while (this.#isKeyword('and')) {
      this.#next();
      left = binary('and', left, this.#not());
    }
    return left;
  }

  #not(): ExpressionNode {
    if (!this.#isKeyword('not')) return this.#comparison();
    const keyword = this.#next();
    const operand = this.#not();
    return { kind: 'unary', operator: 'not', operand, ...span(keyword, operand) };
  }

  #comparison(): ExpressionNode {
    const left = this.#sum();
    const operator = this.#comparisonOperator();
    if (operator === undefined) return left;
    const node = binary(operator, left, this.#sum());
    const chained = this.#peek();
    if (this.#comparisonOperator(false) !== undefined) {
      throw new ExpressionSyntaxError(
        `comparisons cannot be chained: unexpected ${describe(chained)}`,
        chained,
        'join two comparisons with `and`: a < b and b < c',
      );
    }
    return node;
  }

  #comparisonOperator(consume = true): BinaryOperator | undefined {
    const token = this.#peek();
    let operator: BinaryOperator | undefined;
    let length = 1;
    if (token.kind === 'operator' && COMPARISONS.has(String(token.value)))
      operator = token.value as BinaryOperator;
    else if (this.#isKeyword('in')) operator = 'in';
    else if (this.#isKeyword('not') && this.#isKeyword('in', 1)) {
      operator = 'not in';
      length = 2;
    }
    if (operator !== undefined && consume) this.#index += length;
    return operator;
  }

  #sum(): ExpressionNode {
    let left = this.#product();
    for (let op = this.#operator('+', '-'); op !== undefined; op = this.#operator('+', '-')) {
      left = binary(op, left, this.#product());
    }
    return left;
  }

  #product(): ExpressionNode {
    let left = this.#unary();
    for (let op = this.#operator('*', '/', '%'); op !== undefined; op = this.#operator('*', '/', '%')) {
      left = binary(op, left, this.#unary());
    }
    return left;
  }

  #unary(): ExpressionNode {
    const token = this.#peek();
    if (this.#operator('-') === undefined) return this.#filtered();
    return negate(token, this.#unary());
  }

  #filtered(): ExpressionNode {
    let input = this.#postfix();
    while (this.#operator('|') !== undefined) {
      const name = this.#next();
      if (name.kind !== 'name') {
        throw new ExpressionSyntaxError(
          `expected a filter name after \`|\`, got ${describe(name)}`,
          name,
          'write a filter like `value | upper` or `value | default:"none"`',
        );
      }
      const args: ExpressionNode[] = [];
      let last: { offset: number; length: number } = name;
      while (this.#operator(':') !== undefined) {
        const arg = this.#argument();
        args.push(arg);
        last = arg;
      }
      input = {
        kind: 'filter',
        input,
        name: String(name.value),
        nameOffset: name.offset,
        args,
        ...span(input, last),
      };
    }
    return input;
  }

  #argument(): ExpressionNode {
    const token = this.#peek();
    if (this.#operator('-') === undefined) return this.#postfix();
    return negate(token, this.#argument());
  }

  #postfix(): ExpressionNode {
    let object = this.#primary();
    for (;;) {
      if (this.#operator('.') !== undefined) {
        const name = this.#next();
        if (name.kind !== 'name') {
          throw new ExpressionSyntaxError(
            `expected a field name after \`.\`, got ${describe(name)}`,
            name,
            "write a field like analysis.summary, or row['some key']",
          );
        }
        const key: ExpressionNode = { kind: 'literal', value: String(name.value), ...place(name) };
        object = { kind: 'member', object, key, ...span(object, name) };
      } else if (this.#operator('[') !== undefined) {
        const key = this.#conditional();
        const close = this.#expectOperator(']', 'close the index with ]');
        object = { kind: 'member', object, key, ...span(object, close) };
      } else {
        return object;
      }
    }
  }

  #primary(): ExpressionNode {
    const token = this.#next();
    if (token.kind === 'number' || token.kind === 'string')
      return { kind: 'literal', value: token.value, ...place(token) };
    if (token.kind === 'name') {
      const name = String(token.value);
      if (name === 'true' || name === 'false')
        return { kind: 'literal', value: name === 'true', ...place(token) };
      if (name === 'null') return { kind: 'literal', value: null, ...place(token) };
      if (KEYWORDS.has(name)) throw this.#expectedValue(token);
      return { kind: 'name', name, ...place(token) };
    }
    if (token.kind === 'operator' && token.value === '(') {
      const inner = this.#conditional();
      this.#expectOperator(')', 'close the group with )');
      return inner;
    }
    if (token.kind === 'operator' && token.value === '[') return this.#list(token);
    if (token.kind === 'operator' && token.value === '{') return this.#map(token);
    throw this.#expectedValue(token);
  }

  #list(open: Token): ExpressionNode {
    const items: ExpressionNode[] = [];
    while (!this.#isOperator(']')) {
      items.push(this.#conditional());
      if (this.#operator(',') === undefined) break;
    }
    const close = this.#expectOperator(']', 'separate items with , and close the list with ]');
    return { kind: 'list', items, ...span(open, close) };
  }

  #map(open: Token): ExpressionNode {
    const entries: { key: string; value: ExpressionNode }[] = [];
    while (!this.#isOperator('}')) {
      const key = this.#next();
      if (key.kind !== 'name' && key.kind !== 'string' && key.kind !== 'number') {
        throw new ExpressionSyntaxError(
          `expected a key, got ${describe(key)}`,
          key,
          "write a map like {name: value, 'other key': value}",
        );
      }
      this.#expectOperator(':', 'write each entry as key: value');
      entries.push({ key: String(key.value), value: this.#conditional() });
      if (this.#operator(',') === undefined) break;
    }
    const close = this.#expectOperator('}', 'separate entries with , and close the map with }');
    return { kind: 'map', entries, ...span(open, close) };
  }

  #expectedValue(token: Token): ExpressionSyntaxError {
    const previous = this.#tokens[this.#tokens.indexOf(token) - 1];
    const after = previous === undefined ? '' : ` after \`${String(previous.value)}\``;
    return new ExpressionSyntaxError(
      `expected a value${after}, got ${describe(token)}`,
      token,
      'a value is a name, quoted text, a number, true, false, null, a list [..] or a map {..}',
    );
  }

  #peek(ahead = 0): Token {
    return this.#tokens[Math.min(this.#index + ahead, this.#tokens.length - 1)] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'end') this.#index++;
    return token;
  }

  #isKeyword(keyword: string, ahead = 0): boolean {
    const token = this.#peek(ahead);
    return token.kind === 'name' && token.value === keyword;
  }

  #isOperator(operator: string): boolean {
    const token = this.#peek();
    return token.kind === 'operator' && token.value === operator;
  }

  /** Consumes one of `operators` if it is next, returning it. */
  #operator<T extends string>(...operators: T[]): T | undefined {
    const token = this.#peek();
    if (token.kind !== 'operator' || !operators.includes(token.value as T)) return undefined;
    this.#index++;
    return token.value as T;
  }

  #expectOperator(operator: string, hint: string): Token {
    const token = this.#peek();
    if (this.#operator(operator) === undefined) {
      throw new ExpressionSyntaxError(`expected \`${operator}\`, got ${describe(token)}`, token, hint);
    }
    return token;
  }

  #expectKeyword(keyword: string, hint: string): void {
    const token = this.#peek();
    if (!this.#isKeyword(keyword))
      throw new ExpressionSyntaxError(`expected \`${keyword}\`, got ${describe(token)}`, token, hint);
    this.#next();
  }
}

function binary(operator: BinaryOperator, left: ExpressionNode, right: ExpressionNode): ExpressionNode {
  return { kind: 'binary', operator, left, right, ...span(left, right) };
}

/** `-x`; a negative number is folded into its literal, so `tasks[-1]` is a literal path. */
function negate(minus: Token, operand: ExpressionNode): ExpressionNode {
  if (operand.kind === 'literal' && typeof operand.value === 'number')
    return { kind: 'literal', value: operand.value === 0 ? 0 : -operand.value, ...span(minus, operand) };
  return { kind: 'unary', operator: '-', operand, ...span(minus, operand) };
}

function place(token: Token): { offset: number; length: number } {
  return { offset: token.offset, length: token.length };
}

function span(
  first: { offset: number },
  last: { offset: number; length: number },
): { offset: number; length: number } {
  return { offset: first.offset, length: last.offset + last.length - first.offset };
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  if (token.kind === 'string') return `text ${JSON.stringify(token.value)}`;
  if (token.kind === 'number') return `the number ${token.value}`;
  if (token.kind === 'name' && KEYWORDS.has(String(token.value))) return `\`${token.value}\``;
  if (token.kind === 'name') return `the name '${token.value}'`;
  return `\`${token.value}\``;
}
