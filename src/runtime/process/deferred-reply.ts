/**
 * A server's answer to a call that is given later, while the server goes on with its mailbox — OTP's
 * `{noreply, State}` followed by `gen_server:reply/2`. The call is answered when `promise` resolves; if
 * it rejects, the server crashes with that error (as if `reply` had thrown), so its supervisor decides.
 * For requests that do not change the state the server keeps, like an agent's isolated request.
 */
export class DeferredReply<Reply = unknown> {
  readonly promise: Promise<Reply>;

  constructor(promise: Promise<Reply>) {
    this.promise = promise;
  }
}

/**
 * Lets a server's `reply` handler answer later without holding back the next message.
 *
 * @example
 * const server: Server<State, never, Request, Result> = {
 *   init: () => ({}),
 *   reply: (state, request) => (request.readOnly ? replyLater(lookUp(request)) : update(state, request)),
 * };
 */
export function replyLater<Reply>(promise: Promise<Reply>): Reply {
  return new DeferredReply(promise) as unknown as Reply;
}
