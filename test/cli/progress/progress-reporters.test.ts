import { describe, expect, it } from 'vitest';
import { chooseProgress } from '../../../src/cli/progress/choose-progress.ts';
import { jsonProgress } from '../../../src/cli/progress/json-progress.ts';
import { lineProgress } from '../../../src/cli/progress/line-progress.ts';
import { liveProgress } from '../../../src/cli/progress/live-progress.ts';
import { SPINNER } from '../../../src/cli/progress/render-progress.ts';
import type { EffectJournal } from '../../../src/spec/effect-journal.ts';
import { agentRecord, cost, usage } from './progress-fixtures.ts';
import { screenOf } from './virtual-screen.ts';

/** A clock the test moves by hand. */
function handClock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

/** A journal that performs every effect: what the reporters observe. */
function fakeJournal(): EffectJournal {
  return { effect: (_key, _options, perform) => perform() };
}

/** A model call through `journal`, as the agent loop makes it: a turn response with usage and cost. */
function modelCall(journal: EffectJournal, key: string, input: number, output: number, usd: number) {
  return journal.effect(key, { kind: 'model-call', idempotent: true }, async () => ({
    usage: usage(input, output),
    call: { cost: cost(usd) },
  }));
}

describe('lineProgress (a pipe)', () => {
  it('writes a line per step start and end, with duration, tokens and cost, and no ANSI codes', () => {
    const clock = handClock();
    let text = '';
    const progress = lineProgress('team', { write: (chunk) => (text += chunk), now: clock.now });
    progress.stepStarted({ index: 0, kind: 'agent', agent: 'writer', description: 'drafts' });
    clock.advance(1_250);
    progress.stepEnded(agentRecord(0, 'writer', 420, 0.004));
    progress.stepStarted({ index: 1, kind: 'parallel' });
    progress.stepStarted({ index: 0, kind: 'agent', agent: 'critic', key: 'step-1/parallel/0' });
    progress.print('warning: a policy event\n');
    clock.advance(40);
    progress.end(true);
    expect(text.split('\n')).toEqual([
      '▸ step-0 writer: drafts',
      '✓ step-0 writer: drafts · 1.25 s · 420 tokens · $0.004',
      '▸ step-1 parallel',
      '▸ step-1/parallel/0 critic',
      'warning: a policy event',
      '✗ step-1 parallel · 40 ms',
      '✗ step-1/parallel/0 critic · 40 ms',
      '',
    ]);
    expect(text).not.toContain('\u001b');
  });
});

describe('jsonProgress (--progress json)', () => {
  it('writes one JSON object per line: step starts and ends, messages and the run end', async () => {
    const clock = handClock(100);
    let text = '';
    const progress = jsonProgress('team', { write: (chunk) => (text += chunk), now: clock.now });
    progress.stepStarted({ index: 0, kind: 'agent', agent: 'writer', id: 'draft' });
    await modelCall(progress.observeJournal(fakeJournal()), 'step-0/agent:writer/t1/model', 400, 20, 0.004);
    clock.advance(500);
    progress.stepEnded(agentRecord(0, 'writer', 420, 0.004));
    progress.print('retrying in 1 s\n');
    progress.end(false);
    expect(
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { type: 'step-started', at: 100, key: 'step-0', label: 'draft (writer)', kind: 'agent' },
      {
        type: 'step-ended',
        at: 600,
        key: 'step-0',
        status: 'done',
        durationMs: 500,
        tokens: 420,
        usd: 0.004,
      },
      { type: 'message', text: 'retrying in 1 s' },
      {
        type: 'run-ended',
        at: 600,
        workflow: 'team',
        status: 'done',
        durationMs: 500,
        tokens: 420,
        usd: 0.004,
      },
    ]);
  });
});

describe('liveProgress (a terminal)', () => {
  function terminal(columns = 60) {
    const clock = handClock();
    let output = '';
    let tick: (() => void) | undefined;
    let exitHooks = 0;
    const live = liveProgress('team', {
      write: (chunk) => (output += chunk),
      columns: () => columns,
      rows: () => 24,
      color: false,
      now: clock.now,
      every: (ms, callback) => {
        expect(ms).toBe(100);
        tick = callback;
        return () => (tick = undefined);
      },
      onExit: () => {
        exitHooks += 1;
        return () => (exitHooks -= 1);
      },
    });
    return {
      live,
      clock,
      output: () => output,
      tick: () => tick?.(),
      ticking: () => tick !== undefined,
      exitHooks: () => exitHooks,
    };
  }

  it('redraws the tree in place on each tick, prints other text above it and restores the cursor', async () => {
    const screen = terminal();
    expect(screen.output().startsWith('\u001b[?25l')).toBe(true);
    expect(screen.exitHooks()).toBe(1);
    screen.live.stepStarted({ index: 0, kind: 'agent', agent: 'writer' });
    // Nothing is drawn between ticks: redraws are throttled to the timer.
    const before = screen.output();
    screen.live.stepStarted({ index: 1, kind: 'agent', agent: 'critic' });
    expect(screen.output()).toBe(before);
    screen.clock.advance(1_300);
    screen.tick();
    expect(screenOf(screen.output())).toEqual([
      `${SPINNER[3]} team                                  0 steps done · 1.3s`,
      `  ${SPINNER[3]} writer                                             1.3s`,
      `  ${SPINNER[3]} critic                                             1.3s`,
    ]);
    screen.live.print('warning: rate limited, waiting 2 s\n');
    await modelCall(screen.live.observeJournal(fakeJournal()), 'step-0/agent:writer/t1/model', 90, 10, 0.001);
    screen.clock.advance(200);
    screen.live.stepEnded(agentRecord(0, 'writer', 100, 0.001));
    screen.tick();
    expect(screenOf(screen.output())).toEqual([
      'warning: rate limited, waiting 2 s',
      `${SPINNER[5]} team             1 step done · 1.5s · 100 tokens · $0.001`,
      '  ✓ writer                          1.5s · 100 tok · $0.001',
      `  ${SPINNER[5]} critic                                             1.5s`,
    ]);
    screen.clock.advance(100);
    screen.live.stepEnded(agentRecord(1, 'critic', 0, 0));
    screen.live.end(false);
    expect(screen.ticking()).toBe(false);
    expect(screen.exitHooks()).toBe(0);
    expect(screen.output().endsWith('\u001b[?25h')).toBe(true);
    expect(screenOf(screen.output())).toEqual([
      'warning: rate limited, waiting 2 s',
      '✓ team            2 steps done · 1.6s · 100 tokens · $0.001',
      '  ✓ writer                          1.5s · 100 tok · $0.001',
      '  ✓ critic                                             1.6s',
    ]);
    // After the end, text goes straight through, under the last frame.
    screen.live.print('✓ team · 2 steps\n');
    expect(screenOf(screen.output()).at(-1)).toBe('✓ team · 2 steps');
  });

  it('cuts lines to the terminal width (one column short, so nothing wraps)', () => {
    const screen = terminal(30);
    screen.live.stepStarted({
      index: 0,
      kind: 'agent',
      agent: 'writer',
      description: 'a very long description of it',
    });
    screen.tick();
    for (const line of screenOf(screen.output())) expect([...line].length).toBeLessThanOrEqual(29);
    screen.live.end(false);
  });
});

describe('chooseProgress', () => {
  const on = (
    stderr: 'terminal' | 'pipe' | undefined,
    more: Partial<Parameters<typeof chooseProgress>[1]> = {},
  ) => ({
    quiet: false,
    output: 'text' as const,
    stderr,
    term: 'xterm-256color',
    ...more,
  });

  it('draws the tree on a terminal, lines on a pipe or a dumb terminal, nothing when quiet', () => {
    expect(chooseProgress('auto', on('terminal'))).toBe('tree');
    expect(chooseProgress('auto', on('pipe'))).toBe('lines');
    expect(chooseProgress('auto', on('terminal', { term: 'dumb' }))).toBe('lines');
    expect(chooseProgress('auto', on('terminal', { quiet: true }))).toBe('none');
    expect(chooseProgress('auto', on(undefined))).toBe('none');
  });

  it('keeps a pipe clean with --output json|yaml, and lets an explicit --progress win', () => {
    expect(chooseProgress('auto', on('pipe', { output: 'json' }))).toBe('none');
    expect(chooseProgress('auto', on('terminal', { output: 'yaml' }))).toBe('tree');
    expect(chooseProgress('json', on('pipe', { output: 'json', quiet: true }))).toBe('json');
    expect(chooseProgress('tree', on('pipe'))).toBe('lines');
    expect(chooseProgress('none', on('terminal'))).toBe('none');
  });
});
