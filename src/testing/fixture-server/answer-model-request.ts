import type { ScriptedError } from '../../model/scripted/scripted-reply.ts';
import type { ChaosSettings } from './chaos-settings.ts';
import type { Delivery } from './delivery.ts';
import type { StatsCounter } from './fixture-stats.ts';
import type { IdSequence } from './id-sequence.ts';
import { malformedResponse } from './malformed-response.ts';
import type { ProviderFormat, ReplyContext } from './provider-format.ts';
import { randomFaultDelivery } from './random-fault-delivery.ts';
import { pickFault } from './random-faults.ts';
import type { RateLimitState } from './rate-limiter.ts';
import { type RecordedRequest, requestedModel } from './recorded-request.ts';
import type { ReplyScript, TakenReply } from './reply-script.ts';
import { resolveReply } from './resolved-reply.ts';
import { noReplyError, scriptFailure } from './script-errors.ts';
import { type WireResponse, withHeaders } from './wire-response.ts';

/** What answering a model request reads and updates. */
export interface AnswerDesk {
  readonly script: ReplyScript;
  readonly chaos: ChaosSettings;
  readonly stats: StatsCounter;
  readonly ids: IdSequence;
}

/**
 * Decides the answer to a request on a model endpoint, in this order: a bad method or body is answered
 * at once; a random fault (if one is drawn) takes no reply and costs nothing; otherwise the script gives
 * the reply, whose tokens are then charged to the rate limits. A refused request gets the provider's 429
 * and its queued reply goes back to the head of the queue. A scripted error costs nothing. Rate-limit
 * headers go on every answer while limits are set.
 *
 * @example
 * const delivery = await answerModelRequest(request, anthropicMessages, desk);
 * await writeDelivery(outgoing, delivery);
 */
export async function answerModelRequest(
  request: RecordedRequest,
  format: ProviderFormat,
  desk: AnswerDesk,
): Promise<Delivery> {
  const { chaos, ids } = desk;
  const limited = (response: WireResponse, state?: RateLimitState): WireResponse => {
    if (!chaos.limiter.active) return response;
    const now = chaos.clock.now();
    return withHeaders(response, format.faults.rateLimitHeaders(state ?? chaos.limiter.state(now), now));
  };
  const atOnce = (error: ScriptedError, state?: RateLimitState): Delivery => ({
    response: limited(format.error(error, ids), state),
    delayMs: 0,
  });
  const context = (): ReplyContext => ({ request, ids, createdAt: Math.floor(chaos.clock.now() / 1000) });

  if (request.method !== 'POST') {
    return atOnce({
      status: 405,
      message: `Fixture server: ${request.method} is not allowed on ${request.path}; use POST.`,
    });
  }
  if (request.body === undefined) {
    return atOnce({ status: 400, message: 'Fixture server: the request body is empty or not valid JSON.' });
  }
  const fault = pickFault(chaos.faults, chaos.random);
  if (fault !== undefined)
    return randomFaultDelivery(fault, format, context(), (response) => limited(response));

  let taken: TakenReply | undefined;
  let cost = 0;
  try {
    taken = await desk.script.take(request);
    if (taken === undefined) return atOnce(noReplyError(request));
    // Resolved here only to check the script and price it; the format resolves it again with real ids.
    if (taken.reply.error === undefined) {
      const { usage } = resolveReply(taken.reply, () => '');
      cost = usage.input + usage.output;
    }
  } catch (error) {
    return atOnce(scriptFailure(request, error));
  }
  const { reply } = taken;
  const staged = (response: WireResponse): Delivery => ({
    response: reply.malformed === true ? malformedResponse(response) : response,
    delayMs: reply.delayMs ?? 0,
    dropAfterEvents: reply.dropAfterEvents,
  });
  if (reply.error !== undefined) return staged(limited(format.error(reply.error, ids)));

  const decision = chaos.limiter.charge(cost, chaos.clock.now());
  if (!decision.accepted) {
    desk.script.giveBack(taken);
    desk.stats.countRefusal();
    return atOnce(format.faults.rateLimitError(decision.refusal, requestedModel(request)), decision.state);
  }
  desk.stats.countTokens(cost);
  return staged(limited(format.reply(reply, context()), decision.state));
}
