import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mailbox, NO_MESSAGE } from './mailbox.ts';

type Operation =
  | { readonly type: 'push'; readonly count: number }
  | { readonly type: 'shift'; readonly count: number }
  | { readonly type: 'take'; readonly divisor: number }
  | { readonly type: 'drain' };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({ type: fc.constant('push' as const), count: fc.integer({ min: 1, max: 1_500 }) }),
  fc.record({ type: fc.constant('shift' as const), count: fc.integer({ min: 1, max: 1_500 }) }),
  fc.record({ type: fc.constant('take' as const), divisor: fc.integer({ min: 2, max: 7 }) }),
  fc.constant({ type: 'drain' as const }),
);

describe('Mailbox', () => {
  it('agrees with a plain array under pushes, shifts, selective takes and drains, compaction included', () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        const mailbox = new Mailbox(1_000, false);
        const model: number[] = [];
        let next = 0;
        for (const step of operations) {
          switch (step.type) {
            case 'push':
              for (let index = 0; index < step.count; index++) {
                mailbox.push(next);
                model.push(next++);
              }
              break;
            case 'shift':
              for (let index = 0; index < step.count; index++) {
                const expected = model.length === 0 ? NO_MESSAGE : model.shift();
                expect(mailbox.shift()).toBe(expected);
              }
              break;
            case 'take': {
              const match = (message: unknown) => (message as number) % step.divisor === 0;
              const index = model.findIndex(match);
              const expected = index < 0 ? NO_MESSAGE : model.splice(index, 1)[0];
              expect(mailbox.take(match)).toBe(expected);
              break;
            }
            case 'drain':
              expect(mailbox.drain()).toEqual(model.splice(0));
              break;
          }
          expect(mailbox.size).toBe(model.length);
        }
        expect(mailbox.drain()).toEqual(model);
        expect(mailbox.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('is full at its capacity, not before', () => {
    const mailbox = new Mailbox(2, true);
    mailbox.push('a');
    expect(mailbox.full).toBe(false);
    mailbox.push('b');
    expect(mailbox.full).toBe(true);
    expect(mailbox.failWhenFull).toBe(true);
    mailbox.shift();
    expect(mailbox.full).toBe(false);
  });

  it('keeps undefined as a message, distinct from an empty mailbox', () => {
    const mailbox = new Mailbox(10, false);
    mailbox.push(undefined);
    expect(mailbox.take((message) => message === undefined)).toBeUndefined();
    expect(mailbox.shift()).toBe(NO_MESSAGE);
    mailbox.push(undefined);
    expect(mailbox.shift()).toBeUndefined();
    expect(mailbox.size).toBe(0);
  });
});
