import { describe, expect, it } from 'vitest';
import { VegaError } from '../../errors/vega-error.ts';
import { normalizeSupervision, type SupervisionInput } from './normalize-supervision.ts';
import { DEFAULT_SUPERVISION, type SupervisionPolicy } from './supervision-types.ts';

function refusal(input: SupervisionInput, base?: SupervisionPolicy): VegaError {
  try {
    normalizeSupervision(input, base);
  } catch (error) {
    if (VegaError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('normalizeSupervision', () => {
  it('gives the base when nothing is given', () => {
    expect(normalizeSupervision({})).toEqual(DEFAULT_SUPERVISION);
  });

  it('maps the seed words onto OTP strategies, restart types and escalation', () => {
    expect(normalizeSupervision({ strategy: 'restart' })).toMatchObject({
      strategy: 'one_for_one',
      restart: 'permanent',
      escalate: false,
    });
    expect(normalizeSupervision({ strategy: 'restart_all' }).strategy).toBe('one_for_all');
    const restForOne = { ...DEFAULT_SUPERVISION, strategy: 'rest_for_one' as const };
    expect(normalizeSupervision({ strategy: 'stop' }, restForOne)).toMatchObject({
      strategy: 'rest_for_one',
      restart: 'temporary',
      escalate: false,
    });
    const transient = { ...restForOne, restart: 'transient' as const };
    expect(normalizeSupervision({ strategy: 'escalate' }, transient)).toMatchObject({
      strategy: 'rest_for_one',
      restart: 'transient',
      escalate: true,
    });
  });

  it('lets a seed word undo what another seed word chose in the base', () => {
    const stopped = normalizeSupervision({ strategy: 'stop' });
    expect(normalizeSupervision({ strategy: 'restart' }, stopped).restart).toBe('permanent');
    const escalating = normalizeSupervision({ strategy: 'escalate' });
    expect(normalizeSupervision({ strategy: 'restart_all' }, escalating).escalate).toBe(false);
    const transient = normalizeSupervision({ restart: 'transient' });
    expect(normalizeSupervision({ strategy: 'restart' }, transient).restart).toBe('transient');
  });

  it('takes OTP words and explicit fields as given, and keeps the base for the rest', () => {
    const base = normalizeSupervision({ strategy: 'escalate', maxRestarts: 7 });
    expect(
      normalizeSupervision({ strategy: 'one_for_all', restart: 'transient', windowMs: 60_000 }, base),
    ).toEqual({
      strategy: 'one_for_all',
      restart: 'transient',
      escalate: true,
      intensity: { maxRestarts: 7, windowMs: 60_000 },
      backoff: undefined,
    });
    expect(normalizeSupervision({ escalate: false }, base).escalate).toBe(false);
  });

  it('fills a partly given backoff from the base, or from the defaults', () => {
    expect(normalizeSupervision({ backoff: { initialMs: 500 } }).backoff).toEqual({
      type: 'exponential',
      initialMs: 500,
      maxMs: 30_000,
      jitter: 0,
      multiplier: 2,
    });
    const base = normalizeSupervision({ backoff: { type: 'linear', jitter: 0.2, resetAfterMs: 60_000 } });
    expect(normalizeSupervision({ backoff: { maxMs: 10_000 } }, base).backoff).toEqual({
      type: 'linear',
      initialMs: 1_000,
      maxMs: 10_000,
      jitter: 0.2,
      multiplier: 2,
      resetAfterMs: 60_000,
    });
    expect(normalizeSupervision({ maxRestarts: 1 }, base).backoff).toBe(base.backoff);
  });

  it('refuses values out of range, with a hint', () => {
    const cases: [SupervisionInput, RegExp][] = [
      [{ maxRestarts: -1 }, /maxRestarts must be a whole number/],
      [{ maxRestarts: 1.5 }, /maxRestarts/],
      [{ windowMs: Number.NaN }, /windowMs/],
      [{ backoff: { initialMs: -5 } }, /backoff.initialMs/],
      [{ backoff: { resetAfterMs: 0.5 } }, /backoff.resetAfterMs/],
      [{ backoff: { jitter: 1.5 } }, /jitter must be between 0 and 1/],
      [{ backoff: { multiplier: 0.5 } }, /multiplier must be a number of at least 1/],
      [{ backoff: { initialMs: 60_000 } }, /initial delay \(60000ms\) is longer than its cap \(30000ms\)/],
      [{ strategy: 'restart_one' as 'restart' }, /unknown supervision strategy 'restart_one'/],
      [{ restart: 'always' as 'permanent' }, /unknown restart type/],
      [{ backoff: { type: 'fibonacci' as 'linear' } }, /unknown backoff type/],
    ];
    for (const [input, message] of cases) {
      const error = refusal(input);
      expect(error.code).toBe('invalid_supervision');
      expect(error.message).toMatch(message);
      expect(error.hint).toBeTruthy();
    }
  });

  it('refuses fields that contradict the seed word', () => {
    expect(refusal({ strategy: 'stop', restart: 'permanent' }).message).toBe(
      "strategy 'stop' contradicts restart: 'permanent'",
    );
    expect(refusal({ strategy: 'restart', restart: 'temporary' }).hint).toBe(
      'remove restart, or choose another strategy',
    );
    expect(refusal({ strategy: 'escalate', escalate: false }).code).toBe('invalid_supervision');
    expect(refusal({ strategy: 'restart_all', escalate: true }).code).toBe('invalid_supervision');
    expect(normalizeSupervision({ strategy: 'stop', restart: 'temporary', escalate: false }).restart).toBe(
      'temporary',
    );
  });
});
