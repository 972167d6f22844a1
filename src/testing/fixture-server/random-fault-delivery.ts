import type { Delivery } from './delivery.ts';
import { malformedResponse } from './malformed-response.ts';
import type { ProviderFormat, ReplyContext } from './provider-format.ts';
import type { FaultKind } from './random-faults.ts';
import { isEventStream, type WireResponse } from './wire-response.ts';

/** What a broken reply says, since a random fault uses no scripted reply. */
const FAULT_REPLY = { text: 'This reply was cut short by a fault the fixture server injected.' };

/**
 * The answer to a request picked for a random fault: the provider's overloaded error or 500, or a
 * stand-in reply dropped halfway through its stream (before any byte when it is JSON) or made malformed.
 * `finish` adds the rate-limit headers.
 *
 * @example
 * randomFaultDelivery('overloaded', anthropicMessages, context, (response) => response).response.status; // 529
 */
export function randomFaultDelivery(
  kind: FaultKind,
  format: ProviderFormat,
  context: ReplyContext,
  finish: (response: WireResponse) => WireResponse,
): Delivery {
  switch (kind) {
    case 'overloaded':
      return { response: finish(format.error(format.faults.overloadedError(), context.ids)), delayMs: 0 };
    case 'server':
      return { response: finish(format.error(format.faults.serverError(), context.ids)), delayMs: 0 };
    case 'drop': {
      const response = finish(format.reply(FAULT_REPLY, context));
      const dropAfterEvents = isEventStream(response) ? Math.floor(response.body.length / 2) : 0;
      return { response, delayMs: 0, dropAfterEvents };
    }
    case 'malformed':
      return { response: malformedResponse(finish(format.reply(FAULT_REPLY, context))), delayMs: 0 };
  }
}
