import { ZERO_COST } from '../../cost/add-costs.ts';
import { ZERO_USAGE } from '../../spec/usage.ts';
import type { AgentInvoker, AgentReply, AgentRequest } from './workflow-result.ts';

/** A call the {@link gatedInvoker} holds until the test answers it. */
export interface HeldCall {
  readonly request: AgentRequest;
  /** Answers the call with this text. */
  reply(text: string): void;
  fail(error: Error): void;
}

/** An invoker whose calls wait for the test, and what it saw. */
export interface GatedInvoker {
  readonly invokeAgent: AgentInvoker;
  /** Every request, in the order the calls were made. */
  readonly requests: AgentRequest[];
  /** The calls not answered yet, oldest first. */
  readonly held: HeldCall[];
  /** The most calls that were held at once. */
  readonly maxHeld: () => number;
  /** Resolves once at least `count` calls are held. */
  waitForHeld(count: number): Promise<void>;
}

/**
 * A test double of {@link AgentInvoker} whose calls resolve on command, not on a timer: a test sees
 * how many calls are in flight at once and decides in which order they end. A held call whose signal
 * aborts rejects with the signal's reason.
 *
 * @example
 * const gate = gatedInvoker();
 * const running = runWorkflow(document, { inputs: {}, invokeAgent: gate.invokeAgent });
 * await gate.waitForHeld(2);
 * gate.held[1]?.reply('second first');
 */
export function gatedInvoker(): GatedInvoker {
  const requests: AgentRequest[] = [];
  const held: HeldCall[] = [];
  let max = 0;
  let waiters: { count: number; resolve: () => void }[] = [];
  const notify = (): void => {
    const ready = waiters.filter((waiter) => held.length >= waiter.count);
    waiters = waiters.filter((waiter) => held.length < waiter.count);
    for (const waiter of ready) waiter.resolve();
  };
  const invokeAgent: AgentInvoker = (request) =>
    new Promise<AgentReply>((resolve, reject) => {
      requests.push(request);
      const release = (): void => {
        const index = held.indexOf(call);
        if (index !== -1) held.splice(index, 1);
        request.signal.removeEventListener('abort', onAbort);
      };
      const call: HeldCall = {
        request,
        reply: (text) => {
          release();
          resolve({ text, usage: ZERO_USAGE, cost: ZERO_COST });
        },
        fail: (error) => {
          release();
          reject(error);
        },
      };
      const onAbort = (): void => call.fail(request.signal.reason as Error);
      if (request.signal.aborted) {
        reject(request.signal.reason);
        return;
      }
      request.signal.addEventListener('abort', onAbort, { once: true });
      held.push(call);
      max = Math.max(max, held.length);
      notify();
    });
  return {
    invokeAgent,
    requests,
    held,
    maxHeld: () => max,
    waitForHeld: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        notify();
      }),
  };
}
