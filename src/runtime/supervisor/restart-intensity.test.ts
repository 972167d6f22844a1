import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RestartWindow } from './restart-intensity.ts';

describe('RestartWindow', () => {
  it('allows maxRestarts restarts within the window and refuses the next', () => {
    const window = new RestartWindow({ maxRestarts: 3, windowMs: 5_000 });
    expect([0, 1_000, 2_000, 3_000].map((now) => window.record(now))).toEqual([true, true, true, false]);
  });

  it('still counts a restart exactly windowMs old, and forgets it a millisecond later', () => {
    const atBoundary = new RestartWindow({ maxRestarts: 1, windowMs: 1_000 });
    expect(atBoundary.record(0)).toBe(true);
    expect(atBoundary.record(1_000)).toBe(false);
    const past = new RestartWindow({ maxRestarts: 1, windowMs: 1_000 });
    expect(past.record(0)).toBe(true);
    expect(past.record(1_001)).toBe(true);
  });

  it('refuses the first restart when maxRestarts is 0', () => {
    expect(new RestartWindow({ maxRestarts: 0, windowMs: 5_000 }).record(0)).toBe(false);
  });

  it('allows restarts again once earlier ones leave the window, and after reset', () => {
    const window = new RestartWindow({ maxRestarts: 2, windowMs: 1_000 });
    expect([0, 500, 1_000, 1_600].map((now) => window.record(now))).toEqual([true, true, false, true]);
    window.reset();
    expect(window.record(1_700)).toBe(true);
  });

  it('answers as counting every restart within [now - windowMs, now] would', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 6 }),
        fc.nat({ max: 2_000 }),
        fc.array(fc.nat({ max: 700 }), { maxLength: 60 }),
        (maxRestarts, windowMs, gaps) => {
          const window = new RestartWindow({ maxRestarts, windowMs });
          const seen: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            seen.push(now);
            const inWindow = seen.filter((time) => time >= now - windowMs).length;
            expect(window.record(now)).toBe(inWindow <= maxRestarts);
          }
        },
      ),
    );
  });
});
