import { describe, expect, it } from 'vitest';
import {
  type ExitKind,
  OtpModel,
  type RestartType,
  restartNeeded,
  type Strategy,
  type SupervisorNode,
  type TreeNode,
  type WorkerNode,
} from './otp-model.ts';

const worker = (id: string, restart: RestartType = 'permanent'): WorkerNode => ({
  kind: 'worker',
  id,
  restart,
});

const tree = (
  strategy: Strategy,
  children: readonly TreeNode[],
  fields: Partial<Omit<SupervisorNode, 'kind' | 'children' | 'strategy'>> = {},
): SupervisorNode => ({
  kind: 'supervisor',
  id: 'root',
  restart: 'permanent',
  strategy,
  maxRestarts: 3,
  windowMs: 100,
  ...fields,
  children,
});

const nested = (
  id: string,
  strategy: Strategy,
  children: readonly TreeNode[],
  maxRestarts = 3,
): SupervisorNode => tree(strategy, children, { id, maxRestarts });

/** Each path's status, for one readable assertion. */
const statuses = (model: OtpModel): Record<string, string> =>
  Object.fromEntries(
    model.paths().map((path) => {
      const { running, starts } = model.status(path);
      return [path, `${running ? 'up' : 'down'} ×${starts}`];
    }),
  );

describe('the OTP reference model', () => {
  it('restarts permanent children always, transient ones after a crash, temporary ones never', () => {
    const cases: [RestartType, ExitKind, boolean][] = [
      ['permanent', 'normal', true],
      ['permanent', 'shutdown', true],
      ['permanent', 'error', true],
      ['transient', 'normal', false],
      ['transient', 'shutdown', false],
      ['transient', 'error', true],
      ['temporary', 'normal', false],
      ['temporary', 'shutdown', false],
      ['temporary', 'error', false],
    ];
    for (const [restart, reason, expected] of cases) expect(restartNeeded(restart, reason)).toBe(expected);
  });

  it('starts a nested subtree completely before the next sibling, and stops in reverse', () => {
    const model = new OtpModel(
      tree('one_for_all', [
        worker('a'),
        nested('team', 'one_for_one', [worker('x'), worker('y')]),
        worker('b'),
      ]),
    );
    expect(model.initial.started).toEqual([
      'root',
      'root/a',
      'root/team',
      'root/team/x',
      'root/team/y',
      'root/b',
    ]);
    const outcome = model.exit('root/b', 'error', 0);
    expect(outcome?.ended).toEqual(['root/b', 'root/team/y', 'root/team/x', 'root/team', 'root/a']);
    expect(outcome?.started).toEqual(['root/a', 'root/team', 'root/team/x', 'root/team/y', 'root/b']);
  });

  it('one_for_one restarts only the child that ended', () => {
    const model = new OtpModel(tree('one_for_one', [worker('a'), worker('b'), worker('c')]));
    expect(model.exit('root/b', 'error', 0)).toEqual({ started: ['root/b'], ended: ['root/b'], gaveUp: [] });
    expect(statuses(model)).toEqual({
      root: 'up ×1',
      'root/a': 'up ×1',
      'root/b': 'up ×2',
      'root/c': 'up ×1',
    });
  });

  it('one_for_all also restarts a transient child that had ended normally, and drops temporary ones', () => {
    const model = new OtpModel(
      tree('one_for_all', [worker('a', 'transient'), worker('t', 'temporary'), worker('b'), worker('c')]),
    );
    expect(model.exit('root/a', 'normal', 0)).toEqual({ started: [], ended: ['root/a'], gaveUp: [] });
    expect(model.status('root/a')).toEqual({ running: false, starts: 1 });

    expect(model.exit('root/b', 'error', 10)).toEqual({
      started: ['root/a', 'root/b', 'root/c'],
      ended: ['root/b', 'root/c', 'root/t'],
      gaveUp: [],
    });
    expect(statuses(model)).toEqual({
      root: 'up ×1',
      'root/a': 'up ×2',
      'root/t': 'down ×1',
      'root/b': 'up ×2',
      'root/c': 'up ×2',
    });
    // The temporary child is gone from the list: a later group restart does not bring it back.
    expect(model.exit('root/c', 'error', 20)?.started).toEqual(['root/a', 'root/b', 'root/c']);
  });

  it('rest_for_one restarts the child and those started after it', () => {
    const model = new OtpModel(tree('rest_for_one', [worker('a'), worker('b'), worker('c')]));
    expect(model.exit('root/b', 'shutdown', 0)).toEqual({
      started: ['root/b', 'root/c'],
      ended: ['root/b', 'root/c'],
      gaveUp: [],
    });
    expect(model.status('root/a')).toEqual({ running: true, starts: 1 });
  });

  it('a temporary child that ends is removed, whatever the reason', () => {
    const model = new OtpModel(tree('one_for_all', [worker('t', 'temporary'), worker('a')]));
    expect(model.exit('root/t', 'error', 0)).toEqual({ started: [], ended: ['root/t'], gaveUp: [] });
    expect(model.exit('root/t', 'error', 0)).toBeUndefined();
    expect(model.exit('root/a', 'error', 0)?.started).toEqual(['root/a']);
  });

  it('gives up on the restart after maxRestarts within the window, counting one at now − window', () => {
    const model = new OtpModel(
      tree('one_for_one', [worker('a'), worker('b')], { maxRestarts: 1, windowMs: 100 }),
    );
    model.exit('root/a', 'error', 0);
    expect(model.exit('root/b', 'error', 100)).toEqual({
      started: [],
      ended: ['root/b', 'root/a', 'root'],
      gaveUp: ['root'],
    });
    expect(model.rootEnd).toEqual({ culprit: 'root/b', reason: 'error' });
    expect(statuses(model)).toEqual({ root: 'down ×1', 'root/a': 'down ×2', 'root/b': 'down ×1' });
    expect(model.exit('root/a', 'error', 200)).toBeUndefined();
  });

  it('forgets restarts older than the window', () => {
    const model = new OtpModel(tree('one_for_one', [worker('a')], { maxRestarts: 1, windowMs: 100 }));
    model.exit('root/a', 'error', 0);
    expect(model.exit('root/a', 'error', 101)?.gaveUp).toEqual([]);
    expect(model.exit('root/a', 'error', 150)?.gaveUp).toEqual(['root']);
  });

  it('with maxRestarts 0 gives up on the first needed restart, even after a normal exit', () => {
    const model = new OtpModel(
      tree('one_for_one', [worker('a', 'transient'), worker('b')], { maxRestarts: 0 }),
    );
    expect(model.exit('root/a', 'normal', 0)?.gaveUp).toEqual([]);
    expect(model.exit('root/b', 'normal', 0)?.gaveUp).toEqual(['root']);
    expect(model.rootEnd).toEqual({ culprit: 'root/b', reason: 'normal' });
  });

  it('a nested supervisor that gives up fails in its parent, which restarts it with a fresh history', () => {
    const model = new OtpModel(
      tree('one_for_one', [worker('a'), nested('team', 'one_for_one', [worker('x'), worker('y')], 0)]),
    );
    expect(model.exit('root/team/x', 'error', 0)).toEqual({
      started: ['root/team', 'root/team/x', 'root/team/y'],
      ended: ['root/team/x', 'root/team/y', 'root/team'],
      gaveUp: ['root/team'],
    });
    expect(statuses(model)).toEqual({
      root: 'up ×1',
      'root/a': 'up ×1',
      'root/team': 'up ×2',
      'root/team/x': 'up ×2',
      'root/team/y': 'up ×2',
    });
    expect(model.rootEnd).toBeUndefined();
  });

  it('a give-up climbs the tree until a supervisor absorbs it or the root ends', () => {
    const inner = nested('inner', 'one_for_one', [worker('w')], 0);
    const middle = nested('middle', 'one_for_one', [inner], 0);
    const model = new OtpModel(tree('one_for_one', [worker('a'), middle], { maxRestarts: 1 }));
    expect(model.exit('root/middle/inner/w', 'shutdown', 0)?.gaveUp).toEqual([
      'root/middle/inner',
      'root/middle',
    ]);
    expect(model.rootEnd).toBeUndefined();
    expect(model.exit('root/middle/inner/w', 'error', 5)).toEqual({
      started: [],
      ended: ['root/middle/inner/w', 'root/middle/inner', 'root/middle', 'root/a', 'root'],
      gaveUp: ['root/middle/inner', 'root/middle', 'root'],
    });
    expect(model.rootEnd).toEqual({ culprit: 'root/middle/inner/w', reason: 'error' });
  });

  it('a temporary nested supervisor that gives up is not restarted', () => {
    const team: SupervisorNode = { ...nested('team', 'one_for_one', [worker('x')], 0), restart: 'temporary' };
    const model = new OtpModel(tree('one_for_all', [worker('a'), team]));
    expect(model.exit('root/team/x', 'error', 0)).toEqual({
      started: [],
      ended: ['root/team/x', 'root/team'],
      gaveUp: ['root/team'],
    });
    expect(model.status('root/a')).toEqual({ running: true, starts: 1 });
  });
});
