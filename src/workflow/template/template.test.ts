import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expressionReferences } from './expression-references.ts';
import { parseTemplate } from './parse-template.ts';
import { renderTemplate, renderTemplateText } from './render-template.ts';
import { templateExpressions } from './template.ts';
import { TemplateError } from './template-error.ts';

const render = (text: string, variables: Record<string, unknown>): unknown => {
  const { template, problems } = parseTemplate(text);
  expect(problems).toEqual([]);
  return renderTemplate(template, new Map(Object.entries(variables)));
};

describe('parseTemplate', () => {
  it('splits text and expressions with their offsets', () => {
    const { template } = parseTemplate('Write {{ task }} in {{langs[0]}}');
    expect(template.segments).toMatchObject([
      { kind: 'text', text: 'Write ' },
      { kind: 'expression', offset: 6, length: 10, expression: { source: 'task', node: { kind: 'name' } } },
      { kind: 'text', text: ' in ' },
      { kind: 'expression', offset: 20, expression: { source: 'langs[0]', node: { kind: 'member' } } },
    ]);
  });

  it('reads dotted paths, indexes and quoted keys', () => {
    const { template } = parseTemplate(`{{ a.b[-1]['c d']["e"] }}`);
    const [segment] = templateExpressions(template);
    expect(segment && expressionReferences(segment.expression.node)).toEqual([
      { root: 'a', path: ['b', -1, 'c d', 'e'] },
    ]);
  });

  it('closes at the right }} past quoted text and map literals', () => {
    expect(render("{{ x | default:'}}' }}!", {})).toBe('}}!');
    expect(render('{{ {a: {b: 1}} }}', {})).toEqual({ a: { b: 1 } });
  });

  it('reports an unclosed brace, an empty expression and syntax errors at the mistake', () => {
    expect(parseTemplate('Hi {{name').problems).toMatchObject([
      { code: 'invalid_expression', message: 'unclosed `{{`', offset: 3 },
    ]);
    expect(parseTemplate('{{  }}').problems).toMatchObject([
      { code: 'invalid_expression', offset: 0, length: 6 },
    ]);
    for (const text of ['{{ a | upper }}', '{{ a + b }}', "{{ 'x' }}", '{{ a if b else c }}']) {
      expect(parseTemplate(text).problems).toEqual([]);
    }
    expect(parseTemplate('Hi {{ a. }}').problems).toMatchObject([
      { code: 'invalid_expression', offset: 3, length: 8, at: { offset: 9, length: 1 } },
    ]);
  });

  it('keeps a bad expression as text so the rest still parses', () => {
    const { template } = parseTemplate('{{ a + }} and {{ c }}');
    expect(template.segments).toMatchObject([
      { kind: 'text', text: '{{ a + }} and ' },
      { kind: 'expression' },
    ]);
  });
});

describe('renderTemplate', () => {
  it('gives the typed value of a lone expression and text otherwise', () => {
    expect(render('{{items}}', { items: [1, 2] })).toEqual([1, 2]);
    expect(render('{{ count }}', { count: 3 })).toBe(3);
    expect(render('n={{count}}', { count: 3 })).toBe('n=3');
    expect(render('{{items}} ', { items: [1, 2] })).toBe('[1,2] ');
    expect(render('[{{map}}]', { map: { a: 1 } })).toBe('[{"a":1}]');
    expect(render('[{{nothing}}]', { nothing: null })).toBe('[]');
    expect(renderTemplateText(parseTemplate('{{items}}').template, new Map([['items', ['a']]]))).toBe(
      '["a"]',
    );
  });

  it('follows paths into plain data, and a missing field reads as empty', () => {
    const variables = { review: { notes: ['first', 'last'], score: 9 } };
    expect(render('{{ review.notes[1] }}', variables)).toBe('last');
    expect(render('{{ review.notes[-2] }}', variables)).toBe('first');
    expect(render('{{ review.missing }}', variables)).toBeUndefined();
    expect(render('{{ review.notes[5] }}!', variables)).toBe('!');
  });

  it('reports an undefined name with the closest defined one', () => {
    const { template } = parseTemplate('Do {{tsk}}');
    const error = catchError(() => renderTemplate(template, new Map([['task', 'x']])));
    expect(error).toBeInstanceOf(TemplateError);
    expect(error).toMatchObject({
      code: 'undefined_variable',
      message: "undefined variable 'tsk'",
      hint: "did you mean 'task'?",
    });
  });

  it('never reaches past plain data', () => {
    const scope = new Map<string, unknown>([
      ['text', 'abc'],
      ['list', [1]],
      ['object', {}],
      ['date', new Date(0)],
      ['getter', Object.defineProperty({}, 'secret', { get: () => 'leaked', enumerable: true })],
    ]);
    for (const text of [
      '{{ text.length }}',
      '{{ list.length }}',
      '{{ object.__proto__ }}',
      '{{ object.constructor }}',
      '{{ date.getTime }}',
    ]) {
      expect(catchError(() => renderTemplate(parseTemplate(text).template, scope))).toMatchObject({
        code: 'invalid_path',
      });
    }
    expect(renderTemplate(parseTemplate('{{ object.toString }}').template, scope)).toBeUndefined();
    expect(renderTemplate(parseTemplate('{{ getter.secret }}').template, scope)).toBeUndefined();
  });

  it('returns any plain value unchanged through a lone {{x}}', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(render('{{x}}', { x: value })).toBe(value);
        expect(render('{{ holder.x }}', { holder: { x: value } })).toBe(value);
      }),
    );
  });

  it('joins text parts as JSON for lists and maps', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), (value) => {
        expect(render('v: {{x}}', { x: value })).toBe(`v: ${JSON.stringify(value)}`);
      }),
    );
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
