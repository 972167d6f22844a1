import { describe, expect, it } from 'vitest';
import { record, usage } from './cost-record-fixtures.ts';
import { buildCostTree } from './cost-tree.ts';
import { formatCostTree } from './format-cost-tree.ts';

/** Two steps; cache tokens; a retried call; an unpriced fallback. Draft: $0.0375 + $0.027 = $0.0645. */
const MIXED = [
  record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' }),
  record('Coder', 'claude-sonnet-4-5', usage(2_345, 1_501, 1_000, 200), { step: 'draft', attempts: 3 }),
  record('Critic', 'mystery-1', usage(100, 10), { step: 'review', fallbackFrom: 'claude-sonnet-4-5' }),
];

describe('formatCostTree', () => {
  it('prints one aligned line per node, without cache columns when no cache was used', () => {
    const tree = buildCostTree(
      [record('Coder', 'claude-sonnet-4-5', usage(10_000, 500), { step: 'draft' })],
      'greet',
    );
    expect(formatCostTree(tree)).toBe(
      [
        'cost  greet                 in 10,000  out 500  $0.0375  1 call',
        '  step draft                in 10,000  out 500  $0.0375  1 call',
        '    agent Coder             in 10,000  out 500  $0.0375  1 call',
        '      #1 claude-sonnet-4-5  in 10,000  out 500  $0.0375',
      ].join('\n'),
    );
  });

  it('shows cache columns, attempts, fallbacks, unknown costs and the unpriced models', () => {
    expect(formatCostTree(buildCostTree(MIXED, 'greet'))).toBe(
      [
        'cost  greet                 in 12,445  out 2,011  cache r 1,000  w 200  unknown  3 calls',
        '  step draft                in 12,345  out 2,001  cache r 1,000  w 200  $0.0645  2 calls',
        '    agent Coder             in 12,345  out 2,001  cache r 1,000  w 200  $0.0645  2 calls',
        '      #1 claude-sonnet-4-5  in 10,000  out   500  cache r     0  w   0  $0.0375',
        '      #2 claude-sonnet-4-5  in  2,345  out 1,501  cache r 1,000  w 200   $0.027  3 attempts',
        '  step review               in    100  out    10  cache r     0  w   0  unknown  1 call',
        '    agent Critic            in    100  out    10  cache r     0  w   0  unknown  1 call',
        '      #1 mystery-1          in    100  out    10  cache r     0  w   0  unknown  fallback from claude-sonnet-4-5',
        '  unknown: no price for mystery-1',
      ].join('\n'),
    );
  });

  it('leaves out the calls, and sizes the columns to what is shown, with calls: false', () => {
    expect(formatCostTree(buildCostTree(MIXED, 'greet'), { calls: false })).toBe(
      [
        'cost  greet       in 12,445  out 2,011  cache r 1,000  w 200  unknown  3 calls',
        '  step draft      in 12,345  out 2,001  cache r 1,000  w 200  $0.0645  2 calls',
        '    agent Coder   in 12,345  out 2,001  cache r 1,000  w 200  $0.0645  2 calls',
        '  step review     in    100  out    10  cache r     0  w   0  unknown  1 call',
        '    agent Critic  in    100  out    10  cache r     0  w   0  unknown  1 call',
        '  unknown: no price for mystery-1',
      ].join('\n'),
    );
  });

  it('puts agents without a step right under the run, with thousands separators and whole dollars', () => {
    const tree = buildCostTree([
      record('Solo', 'claude-haiku-4-5', usage(1_234_567, 89)), // $1.235012
      record('Helper', 'claude-sonnet-4-5', usage(300_000, 50_000)), // $0.90 + $0.75
      record('Solo', 'claude-haiku-4-5', usage(1, 0)), // $0.000001
    ]);
    expect(formatCostTree(tree)).toBe(
      [
        'cost  run                 in 1,534,568  out 50,089      $2.89  3 calls',
        '  agent Solo              in 1,234,568  out     89      $1.24  2 calls',
        '    #1 claude-haiku-4-5   in 1,234,567  out     89      $1.24',
        '    #2 claude-haiku-4-5   in         1  out      0  $0.000001',
        '  agent Helper            in   300,000  out 50,000      $1.65  1 call',
        '    #1 claude-sonnet-4-5  in   300,000  out 50,000      $1.65',
      ].join('\n'),
    );
  });

  it('prints an empty run as one line', () => {
    expect(formatCostTree(buildCostTree([], 'idle'))).toBe('cost  idle  in 0  out 0  $0.00  0 calls');
  });

  it('cuts long names to maxNameWidth', () => {
    const tree = buildCostTree([
      record('A very long agent name that goes on and on', 'claude-haiku-4-5', usage(1, 1), {
        step: '#2 Coder writes the code',
      }),
    ]);
    expect(formatCostTree(tree, { maxNameWidth: 20 })).toBe(
      [
        'cost  run                       in 1  out 1  $0.000006  1 call',
        '  step #2 Coder writes the…     in 1  out 1  $0.000006  1 call',
        '    agent A very long agent n…  in 1  out 1  $0.000006  1 call',
        '      #1 claude-haiku-4-5       in 1  out 1  $0.000006',
      ].join('\n'),
    );
  });

  it('makes the total bold, the calls dim and unknown costs yellow with color: true', () => {
    const tree = buildCostTree([
      record('Coder', 'claude-sonnet-4-5', usage(10_000, 500)),
      record('Coder', 'mystery-1', usage(5, 5)),
    ]);
    expect(formatCostTree(tree, { color: true })).toBe(
      [
        '\u001b[1mcost  run                 in 10,005  out 505\u001b[0m  \u001b[33munknown\u001b[0m  \u001b[1m2 calls\u001b[0m',
        '  agent Coder             in 10,005  out 505  \u001b[33munknown\u001b[0m  2 calls',
        '\u001b[2m    #1 claude-sonnet-4-5  in 10,000  out 500\u001b[0m  \u001b[2m$0.0375\u001b[0m',
        '\u001b[2m    #2 mystery-1          in      5  out   5\u001b[0m  \u001b[33munknown\u001b[0m',
        '\u001b[33m  unknown: no price for mystery-1\u001b[0m',
      ].join('\n'),
    );
    expect(formatCostTree(tree, { color: false })).not.toContain('\u001b[');
  });
});
