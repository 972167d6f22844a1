/**
 * Counts of model requests (requests to `/v1/messages`, `/v1/chat/completions` and `/v1/responses`) since
 * the server started or was last reset.
 *
 * @example
 * const { requests, answered429, byStatus } = server.stats();
 * // byStatus[200] answered normally; byStatus[0] dropped before any status was sent
 */
export interface FixtureStats {
  /** Model requests received. */
  readonly requests: number;
  /** Requests the enforced rate limits refused with a 429 (scripted 429s are only in `byStatus`). */
  readonly answered429: number;
  /** Tokens (`usage.input + usage.output`) of the replies the limits accepted, limits set or not. */
  readonly tokensAccepted: number;
  /**
   * Responses by HTTP status. A connection dropped before any status is counted under 0; a stream dropped
   * midway under its status. A request whose client left before the answer is not counted.
   */
  readonly byStatus: Readonly<Record<number, number>>;
}

/**
 * The mutable counters behind {@link FixtureStats}.
 *
 * @example
 * const counter = new StatsCounter();
 * counter.countRequest();
 * counter.countAnswer(200);
 * counter.snapshot(); // { requests: 1, answered429: 0, tokensAccepted: 0, byStatus: { 200: 1 } }
 */
export class StatsCounter {
  #requests = 0;
  #answered429 = 0;
  #tokensAccepted = 0;
  #byStatus = new Map<number, number>();

  countRequest(): void {
    this.#requests++;
  }

  countRefusal(): void {
    this.#answered429++;
  }

  countTokens(tokens: number): void {
    this.#tokensAccepted += tokens;
  }

  countAnswer(status: number): void {
    this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
  }

  snapshot(): FixtureStats {
    return {
      requests: this.#requests,
      answered429: this.#answered429,
      tokensAccepted: this.#tokensAccepted,
      byStatus: Object.fromEntries(this.#byStatus),
    };
  }
}
