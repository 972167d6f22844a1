import { describe, expect, it } from 'vitest';
import { ProgressState } from '../../../src/cli/progress/progress-state.ts';
import { formatElapsed, renderProgress, SPINNER } from '../../../src/cli/progress/render-progress.ts';
import { agentRecord, cost, usage } from './progress-fixtures.ts';
import { SGR } from './virtual-screen.ts';

/** A run of `team`: research done, then a parallel step with two branches, one done, one running. */
function teamRun(): ProgressState {
  const state = new ProgressState('team', 0);
  state.stepStarted({ index: 0, kind: 'agent', agent: 'researcher', id: 'research' }, 0);
  state.modelCall('step-0/agent:researcher/t1/model', usage(400, 20), cost(0.004));
  state.stepEnded(agentRecord(0, 'researcher', 420, 0.004), 1_200);
  state.stepStarted({ index: 1, kind: 'parallel', description: 'drafts' }, 1_200);
  state.stepStarted({ index: 0, kind: 'agent', agent: 'writer', key: 'step-1/parallel/0' }, 1_200);
  state.stepStarted({ index: 1, kind: 'agent', agent: 'critic', key: 'step-1/parallel/1' }, 1_250);
  state.modelCall('step-1/parallel/1/agent:critic/t1/model', usage(100, 0), cost(0.001));
  state.stepEnded(agentRecord(0, 'critic', 100, 0.001, { key: 'step-1/parallel/1' }), 2_000);
  return state;
}

describe('renderProgress', () => {
  it('draws nested steps indented and parallel branches as siblings, with times, tokens and cost', () => {
    const frame = renderProgress(teamRun(), { width: 72, color: false, now: 3_450 });
    expect(frame.split('\n')).toEqual([
      `${SPINNER[4]} team                         2 steps done · 3.4s · 520 tokens · $0.005`,
      '  ✓ research (researcher)                        1.2s · 420 tok · $0.004',
      `  ${SPINNER[4]} parallel: drafts                             2.2s · 100 tok · $0.001`,
      `    ${SPINNER[4]} [0] writer                                                    2.2s`,
      '    ✓ [1] critic                                 0.7s · 100 tok · $0.001',
    ]);
  });

  it('shows the model calls of a running step as they finish, then the figures of its record', () => {
    const state = teamRun();
    state.modelCall('step-1/parallel/0/agent:writer/t1/model', usage(50, 10), cost(0.002));
    const live = renderProgress(state, { width: 72, color: false, now: 3_450 }).split('\n');
    expect(live[0]).toMatch(/ 580 tokens · \$0\.007$/);
    expect(live[2]).toMatch(/parallel: drafts +2\.2s · 160 tok · \$0\.003$/);
    expect(live[3]).toMatch(/\[0\] writer +2\.2s · 60 tok · \$0\.002$/);
    // The record counts a second call the display did not see: the figures become the record's.
    state.stepEnded(agentRecord(0, 'writer', 90, 0.003, { key: 'step-1/parallel/0' }), 3_500);
    const ended = renderProgress(state, { width: 72, color: false, now: 3_500 }).split('\n');
    expect(ended[0]).toMatch(/ 610 tokens · \$0\.008$/);
    expect(ended[2]).toMatch(/ 190 tok · \$0\.004$/);
    expect(ended[3]).toMatch(/✓ \[0\] writer +2\.3s · 90 tok · \$0\.003$/);
  });

  it('moves the spinner with the clock, 10 frames a second', () => {
    const state = teamRun();
    const first = renderProgress(state, { width: 72, color: false, now: 3_000 });
    const next = renderProgress(state, { width: 72, color: false, now: 3_100 });
    expect(first.slice(0, 1)).toBe(SPINNER[0]);
    expect(next.slice(0, 1)).toBe(SPINNER[1]);
  });

  it('marks a failed step and the steps the failed run cut short with ✗, and the run itself', () => {
    const state = teamRun();
    state.stepStarted({ index: 2, kind: 'agent', agent: 'editor' }, 2_000);
    state.stepEnded(
      agentRecord(2, 'editor', 0, 0, {
        error: { message: 'boom', type: 'model_call_failed', step: '2' },
      }),
      2_500,
    );
    state.runEnded(true, 4_000);
    const frame = renderProgress(state, { width: 72, color: false, now: 9_999 });
    expect(frame.split('\n')).toEqual([
      '✗ team                         3 steps done · 4.0s · 520 tokens · $0.005',
      '  ✓ research (researcher)                        1.2s · 420 tok · $0.004',
      '  ✗ parallel: drafts                             2.8s · 100 tok · $0.001',
      '    ✗ [0] writer                                                    2.8s',
      '    ✓ [1] critic                                 0.7s · 100 tok · $0.001',
      '  ✗ editor                                                          0.5s',
    ]);
  });

  it('cuts every line to the width, labels first, with an ellipsis', () => {
    const state = new ProgressState('a-workflow-with-a-rather-long-name', 0);
    state.stepStarted(
      { index: 0, kind: 'agent', agent: 'writer', description: 'drafts the whole chapter about terminals' },
      0,
    );
    const lines = renderProgress(state, { width: 40, color: false, now: 1_000 }).split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(40);
    expect(lines[1]).toBe(`  ${SPINNER[0]} writer: drafts the whole chap…  1.0s`);
    // Too narrow for the figures: the line is cut as a whole.
    const narrow = renderProgress(state, { width: 12, color: false, now: 1_000 }).split('\n');
    expect(narrow[1]).toBe(`  ${SPINNER[0]} writer:…`);
  });

  it('uses colour only when asked (NO_COLOR keeps the tree, without SGR codes)', () => {
    const plain = renderProgress(teamRun(), { width: 72, color: false, now: 3_450 });
    const colored = renderProgress(teamRun(), { width: 72, color: true, now: 3_450 });
    expect(plain).not.toContain('\u001b');
    expect(colored).toContain('\u001b[32m✓\u001b[0m');
    expect(colored.replace(SGR, '')).toBe(plain);
  });

  it('keeps to the height: finished steps give way first, and a note counts what is hidden', () => {
    const state = new ProgressState('loop', 0);
    state.stepStarted({ index: 0, kind: 'for' }, 0);
    for (let index = 0; index < 6; index += 1) {
      const key = `step-0/for/${index}/0`;
      state.stepStarted({ index: 0, kind: 'agent', agent: 'writer', key }, index);
      if (index < 4) state.stepEnded(agentRecord(0, 'writer', 1, 0, { key }), index + 1);
    }
    const lines = renderProgress(state, { width: 60, height: 5, color: false, now: 10 }).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.slice(1).map((line) => line.replace(/\s+[\d.]+s(?: · .*)?$/, ''))).toEqual([
      `  ${SPINNER[0]} for`,
      `    ${SPINNER[0]} [4] writer`,
      `    ${SPINNER[0]} [5] writer`,
      '  … 4 more steps',
    ]);
  });

  it('shows durations in a fixed short form', () => {
    expect([0, 99, 1_250, 59_999, 65_000, 3_725_000].map(formatElapsed)).toEqual([
      '0.0s',
      '0.0s',
      '1.2s',
      '59.9s',
      '1m05s',
      '1h02m',
    ]);
  });
});
