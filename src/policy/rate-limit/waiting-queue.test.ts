import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Queued, WaitingQueue } from './waiting-queue.ts';

describe('WaitingQueue', () => {
  it('orders by priority, then arrival, whatever the arrival order of priorities', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 40 }), (priorities) => {
        const queue = new WaitingQueue<Queued>();
        priorities.forEach((priority, sequence) => {
          queue.insert({ priority, sequence });
        });
        const expected = priorities
          .map((priority, sequence) => ({ priority, sequence }))
          .sort((a, b) => b.priority - a.priority || a.sequence - b.sequence);
        expect([...queue]).toEqual(expected);
      }),
    );
  });

  it('removes from anywhere and shifts from the head', () => {
    const queue = new WaitingQueue<Queued>();
    const a = { priority: 0, sequence: 0 };
    const b = { priority: 0, sequence: 1 };
    const c = { priority: 1, sequence: 2 };
    for (const entry of [a, b, c]) queue.insert(entry);
    expect(queue.remove(a)).toBe(true);
    expect(queue.remove(a)).toBe(false);
    expect(queue.head()).toBe(c);
    expect(queue.shift()).toBe(c);
    expect(queue.shift()).toBe(b);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });
});
