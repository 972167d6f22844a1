/**
 * A reference model of OTP's supervisor rules, written from the OTP documentation (supervisor(3) and
 * the design principles) and nothing else, so a property test can hold the real supervisor to it.
 * It has no processes, no promises and no clock: a tree of slots that events change.
 *
 * The rules it implements:
 *
 * - A child is restarted if it is `permanent`, or `transient` and ended abnormally (not `normal` or
 *   `shutdown`). Otherwise it stays down; a `temporary` child is also removed from the list.
 * - Each restart is counted at its time; more than `maxRestarts` restarts at times ≥ now − `windowMs`
 *   means the supervisor gives up: it stops all its children, last started first, and ends abnormally.
 *   Its parent sees that as this child's abnormal exit; the root giving up is what reaches the outside.
 * - Within the intensity, `one_for_one` restarts the child; `one_for_all` stops the other running
 *   children (last started first) and starts all children in order; `rest_for_one` does the same for
 *   the child and those after it. Temporary children stopped this way are removed, not restarted;
 *   children that were down (a transient that ended normally) are started again with the others.
 * - Starting a child is synchronous: a supervisor child starts its whole subtree, with no restart
 *   history, before the next sibling starts. Stopping a supervisor stops its children first.
 *
 * Escalation and backoff are not modelled: every restart happens at once.
 */

export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';
export type RestartType = 'permanent' | 'transient' | 'temporary';
/** How a worker ends: on its own (`normal`), as if stopped (`shutdown`), or by crashing. */
export type ExitKind = 'normal' | 'shutdown' | 'error';

export interface WorkerNode {
  readonly kind: 'worker';
  readonly id: string;
  readonly restart: RestartType;
}

export interface SupervisorNode {
  readonly kind: 'supervisor';
  readonly id: string;
  /** How its own parent treats it; ignored for the root. */
  readonly restart: RestartType;
  readonly strategy: Strategy;
  readonly maxRestarts: number;
  readonly windowMs: number;
  readonly children: readonly TreeNode[];
}

export type TreeNode = WorkerNode | SupervisorNode;

/** What one event did, in the order it happened. Paths are ids joined by `/`, from the root's id. */
export interface EventOutcome {
  /** Processes started, supervisors included; a subtree is started entirely before the next sibling. */
  readonly started: readonly string[];
  /** Processes ended: the worker that exited first, then each one stopped or giving up. */
  readonly ended: readonly string[];
  /** Supervisors that gave up, innermost first. */
  readonly gaveUp: readonly string[];
}

/** The root gave up: `culprit` is the worker whose exit could not be absorbed, `reason` how it ended. */
export interface RootEnd {
  readonly culprit: string;
  readonly reason: ExitKind;
}

/** A process's state in the model: running or not, and how many times it has been started in all. */
export interface NodeStatus {
  readonly running: boolean;
  readonly starts: number;
}

/** One place in a running tree. A supervisor's slot holds its current children and restart times. */
interface Slot {
  readonly node: TreeNode;
  readonly path: string;
  readonly owner: Slot | undefined;
  running: boolean;
  children: Slot[];
  restarts: number[];
}

/** True when OTP restarts a child of this type after an exit of this kind. */
export function restartNeeded(restart: RestartType, reason: ExitKind): boolean {
  return restart === 'permanent' || (restart === 'transient' && reason === 'error');
}

/**
 * The model of one supervision tree, started in the constructor.
 *
 * @example
 * const model = new OtpModel({ kind: 'supervisor', id: 'root', restart: 'permanent', strategy: 'one_for_one',
 *   maxRestarts: 1, windowMs: 100, children: [{ kind: 'worker', id: 'a', restart: 'permanent' }] });
 * model.exit('root/a', 'error', 0); // { started: ['root/a'], ended: ['root/a'], gaveUp: [] }
 * model.exit('root/a', 'error', 50); // gives up: model.rootEnd is { culprit: 'root/a', reason: 'error' }
 */
export class OtpModel {
  readonly tree: SupervisorNode;
  /** What starting the tree did. */
  readonly initial: EventOutcome;
  readonly #root: Slot;
  readonly #starts = new Map<string, number>();
  #rootEnd: RootEnd | undefined;
  #started: string[] = [];
  #ended: string[] = [];
  #gaveUp: string[] = [];

  constructor(tree: SupervisorNode) {
    this.tree = tree;
    this.#root = slot(tree, tree.id, undefined);
    this.#start(this.#root);
    this.initial = this.#takeOutcome();
  }

  /** Set once the root has given up. */
  get rootEnd(): RootEnd | undefined {
    return this.#rootEnd;
  }

  /** Every path in the tree, supervisors and workers, parents before children. */
  paths(): string[] {
    return allPaths(this.tree, this.tree.id).map((entry) => entry.path);
  }

  /** Every worker path, in tree order. */
  workerPaths(): string[] {
    return allPaths(this.tree, this.tree.id)
      .filter((entry) => entry.node.kind === 'worker')
      .map((entry) => entry.path);
  }

  status(path: string): NodeStatus {
    return { running: this.#find(path)?.running ?? false, starts: this.#starts.get(path) ?? 0 };
  }

  /**
   * The worker at `path` exits with `reason` at time `at` (times must not go backwards). Returns what
   * followed, or undefined when that worker is not running (the event does not apply).
   */
  exit(path: string, reason: ExitKind, at: number): EventOutcome | undefined {
    const worker = this.#find(path);
    if (worker === undefined || !worker.running || worker.node.kind !== 'worker') return undefined;
    worker.running = false;
    this.#ended.push(worker.path);
    let child = worker;
    let childReason = reason;
    for (let owner = child.owner; owner !== undefined; owner = child.owner) {
      if (!this.#childExited(owner, child, childReason, at)) break;
      if (owner.owner === undefined) {
        this.#rootEnd = { culprit: path, reason };
        break;
      }
      // A supervisor that gives up ends abnormally, whatever its child's reason was.
      child = owner;
      childReason = 'error';
    }
    return this.#takeOutcome();
  }

  /** Applies the rules to `child`'s exit; true when `owner` gave up (and has ended). */
  #childExited(owner: Slot, child: Slot, reason: ExitKind, at: number): boolean {
    const node = owner.node as SupervisorNode;
    if (!restartNeeded(child.node.restart, reason)) {
      if (child.node.restart === 'temporary') remove(owner, child);
      return false;
    }
    owner.restarts = [...owner.restarts, at].filter((time) => time >= at - node.windowMs);
    if (owner.restarts.length > node.maxRestarts) {
      this.#stopAll(owner.children);
      owner.children = [];
      owner.running = false;
      this.#ended.push(owner.path);
      this.#gaveUp.push(owner.path);
      return true;
    }
    const group = restartGroup(node.strategy, owner.children, child);
    this.#stopAll(group.filter((member) => member !== child));
    for (const member of group) {
      if (member !== child && member.node.restart === 'temporary') remove(owner, member);
    }
    for (const member of group) if (owner.children.includes(member)) this.#start(member);
    return false;
  }

  #start(target: Slot): void {
    target.running = true;
    this.#starts.set(target.path, (this.#starts.get(target.path) ?? 0) + 1);
    this.#started.push(target.path);
    if (target.node.kind === 'worker') return;
    target.restarts = [];
    target.children = target.node.children.map((node) => slot(node, `${target.path}/${node.id}`, target));
    for (const child of target.children) this.#start(child);
  }

  /** Stops the running ones among `slots`, last first; a supervisor stops its own children first. */
  #stopAll(slots: readonly Slot[]): void {
    for (const target of [...slots].reverse()) {
      if (!target.running) continue;
      this.#stopAll(target.children);
      target.children = [];
      target.running = false;
      this.#ended.push(target.path);
    }
  }

  #find(path: string): Slot | undefined {
    const [rootId, ...ids] = path.split('/');
    if (rootId !== this.#root.path || !this.#root.running) return undefined;
    let current: Slot | undefined = this.#root;
    for (const id of ids) current = current?.children.find((child) => child.node.id === id);
    return current;
  }

  #takeOutcome(): EventOutcome {
    const outcome = { started: this.#started, ended: this.#ended, gaveUp: this.#gaveUp };
    this.#started = [];
    this.#ended = [];
    this.#gaveUp = [];
    return outcome;
  }
}

function slot(node: TreeNode, path: string, owner: Slot | undefined): Slot {
  return { node, path, owner, running: false, children: [], restarts: [] };
}

function remove(owner: Slot, child: Slot): void {
  owner.children = owner.children.filter((entry) => entry !== child);
}

function restartGroup(strategy: Strategy, children: readonly Slot[], child: Slot): Slot[] {
  switch (strategy) {
    case 'one_for_one':
      return [child];
    case 'one_for_all':
      return [...children];
    case 'rest_for_one':
      return children.slice(children.indexOf(child));
  }
}

function allPaths(node: TreeNode, path: string): { node: TreeNode; path: string }[] {
  if (node.kind === 'worker') return [{ node, path }];
  return [{ node, path }, ...node.children.flatMap((child) => allPaths(child, `${path}/${child.id}`))];
}
