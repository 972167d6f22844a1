import type { ServerResponse } from 'node:http';
import { isEventStream, type WireResponse } from './wire-response.ts';

/** A response and how to deliver it: after how long, and whether to drop the connection partway. */
export interface Delivery {
  readonly response: WireResponse;
  /** Milliseconds to wait before writing, on top of the server's latency. */
  readonly delayMs: number;
  /** Stream events written before the socket is destroyed; `undefined` writes everything. */
  readonly dropAfterEvents?: number | undefined;
}

/**
 * Writes a delivery and returns the status the client saw: the response's, or 0 when the connection was
 * dropped before any status; `undefined` when the client had already gone.
 *
 * @example
 * const status = await writeDelivery(outgoing, { response, delayMs: 0, dropAfterEvents: 2 });
 */
export async function writeDelivery(
  outgoing: ServerResponse,
  delivery: Delivery,
): Promise<number | undefined> {
  if (outgoing.destroyed) return undefined;
  const { response, dropAfterEvents } = delivery;
  if (dropAfterEvents !== undefined && !isEventStream(response)) {
    outgoing.destroy();
    return 0;
  }
  outgoing.writeHead(response.status, response.headers);
  if (dropAfterEvents === undefined) {
    for (const piece of response.body) outgoing.write(piece);
    outgoing.end();
    return response.status;
  }
  for (const piece of response.body.slice(0, Math.max(0, dropAfterEvents))) outgoing.write(piece);
  // The empty write sends the headers when no event went out, and its callback runs once everything
  // before it is handed to the socket, so the client receives what was written before the drop.
  await new Promise<void>((resolve) => {
    outgoing.once('close', resolve);
    outgoing.write('', () => {
      outgoing.off('close', resolve);
      resolve();
    });
  });
  outgoing.destroy();
  return response.status;
}
