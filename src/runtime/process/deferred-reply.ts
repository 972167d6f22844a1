/**
 * A server's answer to a call that is given later, while the server goes on with its mailbox — OTP's
 * `{noreply, State}` followed by `gen_server:reply/2`. The call is answered when `promise` resolves; if
 * it rejects, the server crashes with that error (as if `reply` had thrown), so its supervisor decides —
 * unless `failCallOnly`, where only this call fails with the error and the server goes on.
 * For requests that do not change the state the server keeps, like an agent's isolated request.
 */
export class DeferredReply<Reply = unknown> {
  readonly promise: Promise<Reply>;
  readonly failCallOnly: boolean;

  constructor(promise: Promise<Reply>, options: { failCallOnly?: boolean } = {}) {
    this.promise = promise;
    this.failCallOnly = options.failCallOnly === true;
  }
}

/**
 * Lets a server's `reply` handler answer later without holding back the next message. With
 * `failCallOnly`, a rejection fails the call (its caller gets the error) instead of crashing the server.
 *
 * @example
 * const server: Server<State, never, Request, Result> = {
 *   init: () => ({}),
 *   reply: (state, request) => (request.readOnly ? replyLater(lookUp(request)) : update(state, request)),
 * };
 */
export function replyLater<Reply>(promise: Promise<Reply>, options: { failCallOnly?: boolean } = {}): Reply {
  return new DeferredReply(promise, options) as unknown as Reply;
}
