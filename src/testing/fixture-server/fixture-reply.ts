import type { ScriptedReply } from '../../model/scripted/scripted-reply.ts';

/**
 * A scripted reply plus faults only the fixture server can stage, on the wire. Every {@link ScriptedReply}
 * is a `FixtureReply`, so one script still drives the scripted model and the server alike.
 *
 * - `delayMs`: waits this long (real timers) before answering; the wait ends early when the client
 *   disconnects or the server closes.
 * - `dropAfterEvents`: on a streamed reply, sends the headers and the first `n` events, then destroys the
 *   socket (a connection dropped mid-stream); on a JSON reply, destroys the socket before any byte.
 * - `malformed`: on a streamed reply, inserts an event whose `data:` is not valid JSON in the middle of
 *   the stream; on a JSON reply, sends the status with a truncated JSON body.
 *
 * @example
 * server.enqueue(
 *   { text: 'Hello there, world', dropAfterEvents: 3 }, // a stream breaks after its first 3 events
 *   { text: 'Hello again', malformed: true, delayMs: 20 },
 * );
 */
export type FixtureReply = ScriptedReply & {
  /** Milliseconds to wait before answering. */
  readonly delayMs?: number;
  /** Events of a stream sent before the connection is dropped; 0 drops right after the headers. */
  readonly dropAfterEvents?: number;
  /** Sends a body that is not valid JSON: one broken event in a stream, or truncated JSON. */
  readonly malformed?: boolean;
};
