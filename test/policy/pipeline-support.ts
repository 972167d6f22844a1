/** Small helpers shared by the pipeline's integration tests. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PolicyEvent, RetryScheduledEvent, Runtime } from '../../src/index.ts';

type EventOf<T extends PolicyEvent['type']> = Extract<PolicyEvent, { type: T }>;

/** Records a runtime's policy events; `next(type)` waits for the first of a type. */
export function eventLog(runtime: Pick<Runtime, 'policyEvents'>) {
  const events: PolicyEvent[] = [];
  const waiters: Array<() => void> = [];
  runtime.policyEvents.on((event) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  });
  const ofType = <T extends PolicyEvent['type']>(type: T): EventOf<T>[] =>
    events.filter((event): event is EventOf<T> => event.type === type);
  return {
    events,
    ofType,
    retries: (): RetryScheduledEvent[] => ofType('retry-scheduled'),
    async next<T extends PolicyEvent['type']>(type: T): Promise<EventOf<T>> {
      for (;;) {
        const found = ofType(type)[0];
        if (found !== undefined) return found;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

/** A port on 127.0.0.1 that nothing listens on: it was bound, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) =>
    server.close((error) => (error === undefined ? resolve() : reject(error))),
  );
  return port;
}

/**
 * Waits until `condition` holds, looking after each turn of the event loop: for what arrives over a
 * socket (a request at the fixture server), which no manual clock can hurry.
 */
export async function until(condition: () => boolean, turns = 5_000): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn >= turns) throw new Error('The condition did not come true.');
    await new Promise<void>((resolve) => setTimeout(resolve, turn < 50 ? 0 : 1));
  }
}
