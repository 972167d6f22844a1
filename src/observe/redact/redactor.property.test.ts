import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './redactor.ts';

const KEY = 'sk-ant-FAKE-0123456789abcdefghij';
const CUSTOM = 'p4ss-w0rd-custom-value!';
const redactor = createRedactor({
  env: { ANTHROPIC_API_KEY: KEY, MY_SERVICE_PASSWORD: CUSTOM, HOME: '/home/me' },
});

/** Text that cannot form a key shape: no `-`, `:`, `=`, `"`, `/` or `@`. */
const plainText = fc.string({ unit: fc.constantFrom(...'abcdefgh xyz0123456789.,!?\n'.split('')) });
/** Secrets the environment names: found anywhere, even inside a word. */
const secret = fc.constantFrom(KEY, CUSTOM);
/** Key shapes nobody named: found where a word starts. */
const shape = fc.constantFrom(
  'sk-proj-AAAAbbbbCCCCdddd1234',
  'sk-ant-api03-zzzzzzzzzzzzzz',
  'Bearer abc.def.ghi-jkl',
);

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    plainText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value')),
    fc.dictionary(fc.constantFrom('name', 'input', 'tokens', 'steps', 'note'), tie('value')),
  ),
})).value;

describe('createRedactor', () => {
  it('finds a secret embedded anywhere in text', () => {
    fc.assert(
      fc.property(plainText, secret, plainText, (before, key, after) => {
        const redacted = redactor.text(`${before}${key}${after}`);
        expect(redacted).not.toContain(key.replace(/^Bearer /, ''));
        expect(redacted).toContain(REDACTED);
      }),
    );
  });

  it('finds a key shape at the start of a word', () => {
    fc.assert(
      fc.property(
        plainText,
        fc.constantFrom(' ', '\n', '"', '=', '('),
        shape,
        plainText,
        (before, gap, key, after) => {
          const redacted = redactor.text(`${before}${gap}${key}${after}`);
          expect(redacted).not.toContain(key.replace(/^Bearer /, ''));
        },
      ),
    );
  });

  it('finds a secret anywhere in a JSON value, under any key, and under secret-like keys whole', () => {
    fc.assert(
      fc.property(
        json,
        secret,
        fc.constantFrom('api_key', 'apiKey', 'Authorization', 'x-api-key', 'password', 'note'),
        (value, key, name) => {
          const holder = { data: value, deep: [{ [name]: `v ${key} v` }], text: `said ${key}` };
          const redacted = redactor.value(holder);
          const serialized = JSON.stringify(redacted);
          expect(serialized).not.toContain(key.replace(/^Bearer /, ''));
          expect(redacted.data).toBe(value);
        },
      ),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(plainText, secret, plainText, json, (before, key, after, value) => {
        const once = redactor.text(`${before}${key}${after}`);
        expect(redactor.text(once)).toBe(once);
        const valueOnce = redactor.value({ value, api_key: key, text: `${before}${key}` });
        expect(redactor.value(valueOnce)).toEqual(valueOnce);
        const jsonOnce = redactor.text(JSON.stringify({ api_key: key, value }));
        expect(redactor.text(jsonOnce)).toBe(jsonOnce);
      }),
    );
  });

  it('leaves data without secrets unchanged (the same value, not a copy)', () => {
    fc.assert(
      fc.property(plainText, json, (text, value) => {
        expect(redactor.text(text)).toBe(text);
        expect(redactor.value(value)).toBe(value);
      }),
    );
  });

  it('redacts headers, JSON fields and URL passwords in text, keeping what kind of secret it was', () => {
    expect(redactor.text('authorization: Bearer abcdefghijkl')).toBe(`authorization: ${REDACTED}`);
    expect(redactor.text('x-api-key=secret-value-123\nnext')).toBe(`x-api-key=${REDACTED}\nnext`);
    expect(redactor.text('{"apiKey": "hello world", "tokens": 3}')).toBe(
      `{"apiKey": "${REDACTED}", "tokens": 3}`,
    );
    expect(redactor.text('postgres://vega:hunter2@db/x')).toBe(`postgres://vega:${REDACTED}@db/x`);
    expect(redactor.text('sent Bearer abcdefghijkl')).toBe(`sent Bearer ${REDACTED}`);
  });

  it('keeps counts and journal keys under token-like and key-like names', () => {
    const usage = { inputTokens: 3, maxTokens: 9, token: 4, key: 'step-0/agent:a/t0/model' };
    expect(redactor.value(usage)).toBe(usage);
  });

  it('redacts errors: message, stack, fields and cause', () => {
    const error = Object.assign(new Error(`401: invalid x-api-key ${KEY}`, { cause: new Error(KEY) }), {
      code: 'authentication',
      body: `{"error":"bad key ${KEY}"}`,
    });
    const redacted = redactor.value(error);
    expect(redacted).toBeInstanceOf(Error);
    expect(
      `${redacted.message} ${redacted.stack} ${JSON.stringify({ ...redacted })} ${(redacted.cause as Error).message}`,
    ).not.toContain(KEY);
    expect((redacted as unknown as { code: string }).code).toBe('authentication');
  });

  it('ignores short values of secret-like variables', () => {
    expect(createRedactor({ env: { PIN_PASSWORD: '1234' } }).text('1234 apples')).toBe('1234 apples');
  });
});
