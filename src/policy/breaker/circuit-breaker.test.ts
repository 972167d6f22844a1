import { describe, expect, it } from 'vitest';
import { manualClock } from '../../testing/manual-clock.ts';
import type { PolicyEvent } from '../policy-event.ts';
import { CircuitBreaker } from './circuit-breaker.ts';

const options = { threshold: 3, resetAfterMs: 1_000, halfOpenMax: 2 };

function setup() {
  const clock = manualClock(10_000);
  const events: PolicyEvent[] = [];
  const breaker = new CircuitBreaker('p/m', options, { clock, onEvent: (event) => events.push(event) });
  const fail = (times: number) => {
    for (let index = 0; index < times; index++) breaker.tryPass()?.failure();
  };
  return { clock, events, breaker, fail };
}

describe('CircuitBreaker', () => {
  it('opens after threshold consecutive failures, and a success in between resets the count', () => {
    const { breaker, fail } = setup();
    fail(2);
    breaker.tryPass()?.success();
    fail(2);
    expect(breaker.state).toBe('closed');
    fail(1);
    expect(breaker.state).toBe('open');
    expect(breaker.tryPass()).toBeUndefined();
    expect(breaker.retryAt).toBe(11_000);
  });

  it('half-opens after reset_after and lets at most half_open_max trials through', () => {
    const { breaker, clock, fail } = setup();
    fail(3);
    clock.advance(999);
    expect(breaker.state).toBe('open');
    clock.advance(1);
    expect(breaker.state).toBe('half-open');
    const first = breaker.tryPass();
    const second = breaker.tryPass();
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(breaker.tryPass()).toBeUndefined();
    second?.neutral();
    expect(breaker.tryPass()).toBeDefined();
  });

  it('closes on a successful trial and reopens on a failed one', () => {
    const { breaker, clock, fail, events } = setup();
    fail(3);
    clock.advance(1_000);
    breaker.tryPass()?.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.retryAt).toBe(12_000);
    clock.advance(1_000);
    breaker.tryPass()?.success();
    expect(breaker.state).toBe('closed');
    expect(
      events.map((event) => (event.type === 'breaker-state' ? `${event.from}>${event.to}` : '')),
    ).toEqual(['closed>open', 'open>half-open', 'half-open>open', 'open>half-open', 'half-open>closed']);
  });

  it('counts each ticket once', () => {
    const { breaker } = setup();
    const ticket = breaker.tryPass();
    ticket?.failure();
    ticket?.failure();
    ticket?.failure();
    expect(breaker.toJSON()).toEqual({ state: 'closed', failures: 1 });
  });

  it('serialises its state to JSON and restores it', () => {
    const { breaker, clock, fail } = setup();
    fail(3);
    const saved = JSON.parse(JSON.stringify(breaker));
    expect(saved).toEqual({ state: 'open', openedAt: 10_000, retryAt: 11_000 });
    const restored = new CircuitBreaker('p/m', options, { clock, initialState: saved });
    expect(restored.tryPass()).toBeUndefined();
    clock.advance(1_000);
    expect(restored.tryPass()).toBeDefined();
  });

  it('refuses nonsensical options', () => {
    const clock = manualClock();
    expect(() => new CircuitBreaker('p/m', { ...options, threshold: 0 }, { clock })).toThrow(RangeError);
  });
});
