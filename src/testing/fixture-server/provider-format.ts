import type { ScriptedError, ScriptedReply } from '../../model/scripted/scripted-reply.ts';
import type { IdSequence } from './id-sequence.ts';
import type { ProviderFaults } from './provider-faults.ts';
import type { ApiFormat, RecordedRequest } from './recorded-request.ts';
import type { WireResponse } from './wire-response.ts';

/** What a format needs besides the reply: the request it answers, the id source and the time. */
export interface ReplyContext {
  readonly request: RecordedRequest;
  readonly ids: IdSequence;
  /** Seconds since the epoch, for the `created` fields. */
  readonly createdAt: number;
}

/** One provider endpoint: where it listens and how it writes replies and errors on the wire. */
export interface ProviderFormat {
  readonly format: ApiFormat;
  /** The request path, e.g. `/v1/messages`. */
  readonly path: string;
  /** A successful reply: JSON, or an event stream when the request asked for one. Throws on a bad script. */
  reply(reply: ScriptedReply, context: ReplyContext): WireResponse;
  /** An error response in this provider's error format. */
  error(error: ScriptedError, ids: IdSequence): WireResponse;
  /** Rate-limit headers, 429s and failures in this provider's terms. */
  readonly faults: ProviderFaults;
}
