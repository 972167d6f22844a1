import { VegaError } from '../../errors/vega-error.ts';
import { traceRestart } from '../../observe/tracing/process-spans.ts';
import type { Server } from '../process/behaviour.ts';
import { type ExitReason, isAbnormalExit } from '../process/exit-reason.ts';
import type { Pid } from '../process/pid.ts';
import type { Self } from '../process/self.ts';
import { ExitMessage } from '../process/system-messages.ts';
import { RestartBackoff } from './backoff.ts';
import type {
  ChildFailure,
  ChildRestart,
  ChildShutdown,
  ChildSpec,
  ChildStatus,
  SupervisorGiveUp,
} from './child-spec.ts';
import { normalizeSupervision, type SupervisionInput } from './normalize-supervision.ts';
import { RestartWindow } from './restart-intensity.ts';
import type { RestartType, SupervisionPolicy } from './supervision-types.ts';
import { SupervisorGaveUp } from './supervisor-gave-up.ts';

/**
 * A supervisor: its children, its policy in either vocabulary (`strategy: 'one_for_all'` or
 * `strategy: 'restart_all'`, `maxRestarts`, `windowMs`, `backoff`), and callbacks.
 */
export interface SupervisorSpec extends SupervisionInput {
  readonly children: readonly ChildSpec[];
  /** A child ended abnormally (called before the restart decision). */
  readonly onFailure?: (failure: ChildFailure) => void;
  /** A child was restarted. */
  readonly onRestart?: (restart: ChildRestart) => void;
  /** The supervisor is giving up: its children are stopped and it fails, so its parent sees a failure. */
  readonly onGiveUp?: (giveUp: SupervisorGiveUp) => void;
}

/** Requests a supervisor answers (see `whichChildren`, `startChild`, `terminateChild`). */
export type SupervisorRequest =
  | { readonly type: 'which-children' }
  | { readonly type: 'start-child'; readonly spec: ChildSpec }
  | { readonly type: 'terminate-child'; readonly id: string };

/** A backoff delay has passed: restart these children (if still down). */
class RestartDue {
  readonly ids: readonly string[];
  readonly reason: ExitReason;
  readonly delayMs: number;

  constructor(ids: readonly string[], reason: ExitReason, delayMs: number) {
    this.ids = ids;
    this.reason = reason;
    this.delayMs = delayMs;
  }
}

interface Child {
  readonly spec: ChildSpec;
  readonly restart: RestartType;
  readonly backoff: RestartBackoff;
  /** The child's own intensity window, when its spec has one. */
  readonly window: RestartWindow | undefined;
  pid: Pid | undefined;
  /** The previous incarnation, for the restart event. */
  previous: number | undefined;
  startedAt: number;
  restarts: number;
  /** Waiting for a backoff delay before its restart. */
  waiting: boolean;
}

interface SupervisorState {
  readonly policy: SupervisionPolicy;
  readonly children: Child[];
  readonly window: RestartWindow;
  readonly timers: Set<object>;
  /** Set once it gives up or shuts down: exits arriving meanwhile change nothing. */
  ending: boolean;
}

const SUPERVISOR = Symbol.for('vega.supervisor');

/** True if `behaviour` was made by {@link supervisor}. @example isSupervisor(spec.start) */
export function isSupervisor(behaviour: unknown): boolean {
  return typeof behaviour === 'object' && behaviour !== null && SUPERVISOR in behaviour;
}

/**
 * Builds a supervisor, to spawn at the top (`runtime.spawn(supervisor(spec))`) or as another
 * supervisor's child (`{ id: 'team', start: supervisor(spec) }`). It starts its children in order, links
 * to each, and when one ends decides by the child's restart type (`permanent`, `transient`,
 * `temporary`) and the strategy (`one_for_one`, `one_for_all`, `rest_for_one`) what to restart, after
 * the backoff delay. More than `maxRestarts` restarts within `windowMs`, or a failure of an escalating
 * child, makes it stop its children in reverse order and fail with {@link SupervisorGaveUp}: its parent
 * sees a child failure. Every start, exit, restart and give-up is a runtime event.
 *
 * @example
 * const team = runtime.spawn(
 *   supervisor({
 *     strategy: 'one_for_all',
 *     maxRestarts: 3,
 *     windowMs: 60_000,
 *     backoff: { type: 'exponential', initialMs: 1_000, maxMs: 30_000, jitter: 0.2 },
 *     children: [
 *       { id: 'researcher', start: researcherServer },
 *       { id: 'writer', start: writerServer, restart: 'transient' },
 *     ],
 *   }),
 *   { name: 'team' },
 * );
 */
export function supervisor(spec: SupervisorSpec): Server<SupervisorState, never, SupervisorRequest, unknown> {
  const policy = normalizeSupervision(spec);
  checkUniqueIds(spec.children);
  const server: Server<SupervisorState, never, SupervisorRequest, unknown> & { [SUPERVISOR]: true } = {
    [SUPERVISOR]: true,
    async init(self) {
      self.trapExits = true;
      const state: SupervisorState = {
        policy,
        children: [],
        window: new RestartWindow(policy.intensity),
        timers: new Set(),
        ending: false,
      };
      // Not in `terminate`, which a killed process skips: a backoff timer must not outlive the supervisor.
      self.runtime.onExit(self, () => {
        for (const timer of state.timers) self.runtime.clearTimer(timer);
        state.timers.clear();
      });
      for (const childSpec of spec.children) {
        const child = newChild(self, policy, childSpec);
        state.children.push(child);
        startChildProcess(self, child);
        // As OTP's start_link: a child (a whole subtree, for a supervisor) is up before the next starts.
        await self.runtime.whenStarted(child.pid as Pid);
      }
      return state;
    },
    info(state, message, self) {
      if (!(message instanceof ExitMessage)) return undefined;
      if (message.from === undefined || message.from === self.parent) {
        return shutDown(state, self, message.reason);
      }
      const child = state.children.find((entry) => entry.pid === message.from);
      if (child === undefined || state.ending) return undefined;
      return childExited(spec, state, self, child, message.reason);
    },
    async handle(state, message: unknown, self) {
      if (!(message instanceof RestartDue) || state.ending || self.runtime.shuttingDown) return;
      for (const id of message.ids) {
        const child = state.children.find((entry) => entry.spec.id === id);
        if (child === undefined || !child.waiting) continue;
        child.waiting = false;
        await restart(spec, self, child, message.reason, message.delayMs);
      }
    },
    reply(state, request, self) {
      switch (request.type) {
        case 'which-children':
          return state.children.map(
            (child): ChildStatus => ({
              id: child.spec.id,
              pid: child.pid?.id,
              state: child.pid !== undefined ? 'running' : child.waiting ? 'restarting' : 'stopped',
              restart: child.restart,
              restarts: child.restarts,
              supervisor: isSupervisor(child.spec.start),
            }),
          );
        case 'start-child': {
          // A bad request fails the caller, not the supervisor.
          try {
            checkUniqueIds([...state.children.map((child) => child.spec), request.spec]);
          } catch (error) {
            return { error };
          }
          const child = newChild(self, state.policy, request.spec);
          try {
            // Throws when the child's name is taken: nothing was spawned, so the child is not added.
            startChildProcess(self, child);
          } catch (error) {
            return { error };
          }
          state.children.push(child);
          return { pid: child.pid };
        }
        case 'terminate-child': {
          const child = state.children.find((entry) => entry.spec.id === request.id);
          if (child === undefined) return { error: unknownChild(request.id, state) };
          return stopChildren(self, [child]).then(() => {
            if (child.restart === 'temporary') state.children.splice(state.children.indexOf(child), 1);
            return {};
          });
        }
      }
    },
  };
  return server;
}

function newChild(self: Self, policy: SupervisionPolicy, spec: ChildSpec): Child {
  return {
    spec,
    restart: spec.restart ?? policy.restart,
    backoff: new RestartBackoff(spec.backoff ?? policy.backoff, {
      defaultResetAfterMs: (spec.intensity ?? policy.intensity).windowMs,
      random: self.runtime.random,
    }),
    window: spec.intensity === undefined ? undefined : new RestartWindow(spec.intensity),
    pid: undefined,
    previous: undefined,
    startedAt: self.runtime.clock.now(),
    restarts: 0,
    waiting: false,
  };
}

function startChildProcess(self: Self, child: Child): void {
  const options = child.spec.options;
  child.pid = self.spawn(child.spec.start, {
    ...options,
    link: true,
    ...(isSupervisor(child.spec.start) ? { trapExits: true } : {}),
  });
  child.startedAt = self.runtime.clock.now();
}

async function childExited(
  spec: SupervisorSpec,
  state: SupervisorState,
  self: Self,
  child: Child,
  reason: ExitReason,
): Promise<void> {
  const runtime = self.runtime;
  const pid = child.pid as Pid;
  child.previous = pid.id;
  child.pid = undefined;
  const abnormal = isAbnormalExit(reason);
  if (abnormal) spec.onFailure?.({ child: child.spec.id, pid: pid.id, reason });
  // Escalation comes first: `escalate` sends any abnormal failure up, whatever the child's restart type.
  const escalated =
    abnormal && (child.spec.escalate === true || state.policy.escalate) && !runtime.shuttingDown;
  if (escalated) return giveUp(spec, state, self, child, reason, true);
  const restartIt = child.restart === 'permanent' || (child.restart === 'transient' && abnormal);
  if (!restartIt || runtime.shuttingDown) {
    if (child.restart === 'temporary') state.children.splice(state.children.indexOf(child), 1);
    runtime.emit({
      type: 'process-stop',
      at: runtime.clock.now(),
      supervisor: self.id,
      supervisorName: self.name,
      child: child.spec.id,
      pid: pid.id,
      reason,
    });
    return;
  }
  if (!(child.window ?? state.window).record(runtime.clock.now())) {
    return giveUp(spec, state, self, child, reason, false);
  }
  const group = restartGroup(state, child);
  const others = group.filter((entry) => entry !== child && entry.pid !== undefined);
  if (others.length > 0) await stopChildren(self, others);
  // The runtime may have begun to shut down while the siblings were stopping.
  if (state.ending || runtime.shuttingDown) return;
  // Temporary siblings stopped for a group restart are not restarted (OTP deletes them).
  for (const entry of others) {
    if (entry.restart === 'temporary') state.children.splice(state.children.indexOf(entry), 1);
  }
  const toStart = group.filter(
    (entry) => entry === child || (entry.restart !== 'temporary' && !entry.waiting),
  );
  const delay = child.backoff.next(runtime.clock.now(), child.startedAt);
  if (delay === 0) {
    for (const entry of toStart) await restart(spec, self, entry, reason, 0);
    return;
  }
  for (const entry of toStart) entry.waiting = true;
  const timer = runtime.setTimer(() => {
    state.timers.delete(timer);
    // `send` waits for room: a full mailbox must delay the restart, not lose it (trySend dropped it).
    runtime
      .send(
        self as Pid,
        new RestartDue(
          toStart.map((entry) => entry.spec.id),
          reason,
          delay,
        ) as never,
      )
      .catch(() => undefined);
  }, delay);
  state.timers.add(timer);
}

/** The children a failure of `child` restarts: itself, all of them, or itself and those started after it. */
function restartGroup(state: SupervisorState, child: Child): Child[] {
  switch (child.spec.strategy ?? state.policy.strategy) {
    case 'one_for_one':
      return [child];
    case 'one_for_all':
      return [...state.children];
    case 'rest_for_one':
      return state.children.slice(state.children.indexOf(child));
  }
}

async function restart(
  spec: SupervisorSpec,
  self: Self,
  child: Child,
  reason: ExitReason,
  delayMs: number,
): Promise<void> {
  startChildProcess(self, child);
  child.restarts++;
  const pid = (child.pid as Pid).id;
  const runtime = self.runtime;
  runtime.emit({
    type: 'process-restart',
    at: runtime.clock.now(),
    supervisor: self.id,
    supervisorName: self.name,
    child: child.spec.id,
    pid,
    previous: child.previous,
    reason,
    attempt: child.restarts,
    delayMs,
  });
  spec.onRestart?.({
    child: child.spec.id,
    pid,
    previous: child.previous,
    reason,
    attempt: child.restarts,
    delayMs,
  });
  await traceRestart(
    { child: child.spec.id, pid, previous: child.previous, attempt: child.restarts, reason },
    () => runtime.whenStarted(child.pid as Pid),
  );
}

async function giveUp(
  spec: SupervisorSpec,
  state: SupervisorState,
  self: Self,
  child: Child,
  reason: ExitReason,
  escalated: boolean,
): Promise<void> {
  state.ending = true;
  const runtime = self.runtime;
  const intensity = child.spec.intensity ?? state.policy.intensity;
  const restarts = escalated ? (child.window ?? state.window).count : intensity.maxRestarts;
  runtime.emit({
    type: 'supervisor-give-up',
    at: runtime.clock.now(),
    supervisor: self.id,
    supervisorName: self.name,
    child: child.spec.id,
    reason,
    restarts,
    escalated,
  });
  spec.onGiveUp?.({ child: child.spec.id, reason, restarts, escalated });
  await stopChildren(self, state.children);
  self.exit(new SupervisorGaveUp(self, child.spec.id, reason, { escalated, intensity }));
}

async function shutDown(state: SupervisorState, self: Self, reason: ExitReason): Promise<void> {
  state.ending = true;
  await stopChildren(self, state.children);
  self.exit(reason);
}

/** Stops the given children that are running, last started first, each within its shutdown time. */
async function stopChildren(self: Self, children: readonly Child[]): Promise<void> {
  for (const child of [...children].reverse()) {
    child.waiting = false;
    const pid = child.pid;
    if (pid === undefined) continue;
    child.previous = pid.id;
    // Forget the pid first: its exit message, when it arrives, matches no child and is ignored.
    child.pid = undefined;
    await stopOne(self, pid, child.spec.shutdown ?? (isSupervisor(child.spec.start) ? 'infinity' : 5_000));
  }
}

function stopOne(self: Self, pid: Pid, shutdown: ChildShutdown): Promise<ExitReason> {
  const runtime = self.runtime;
  if (shutdown === 'brutal_kill') {
    runtime.kill(pid);
    return runtime.whenExited(pid);
  }
  return runtime.stop(pid, {
    reason: 'shutdown',
    timeoutMs: shutdown === 'infinity' ? Number.POSITIVE_INFINITY : shutdown,
  });
}

function checkUniqueIds(children: readonly ChildSpec[]): void {
  const seen = new Set<string>();
  for (const child of children) {
    if (seen.has(child.id)) {
      throw new VegaError('duplicate_child', `Two children of one supervisor share the id '${child.id}'.`, {
        hint: 'Give every child of a supervisor its own id.',
      });
    }
    seen.add(child.id);
  }
}

function unknownChild(id: string, state: SupervisorState): VegaError {
  const ids = state.children.map((child) => child.spec.id);
  return new VegaError('unknown_child', `The supervisor has no child '${id}'.`, {
    hint: ids.length === 0 ? 'It has no children.' : `Its children: ${ids.join(', ')}.`,
  });
}
