/**
 * One scripted answer to one model call. Shared by the scripted model (in-process) and the fixture
 * provider server (over HTTP in a provider's wire format), so one script drives either.
 */
export interface ScriptedReply {
  /** The assistant's text. */
  readonly text?: string;
  /** Tool calls the model makes; `id` is generated deterministically when absent. */
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Token usage reported for the call. Missing numbers are 0 (the scripted model estimates when absent). */
  readonly usage?: ScriptedUsage;
  /** Defaults to `tool-calls` when there are tool calls, else `stop`. */
  readonly finishReason?: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';
  /**
   * When streamed, the text is sent in these chunks (they must join to `text`; without `text` they are the
   * text). Default: word by word, each word with the whitespace before it.
   */
  readonly chunks?: readonly string[];
  /** Fail the call with a provider error instead of answering. */
  readonly error?: ScriptedError;
}

export interface ScriptedToolCall {
  readonly name: string;
  /** The arguments as a JSON value, or a raw string (to script invalid JSON). */
  readonly input: unknown;
  readonly id?: string;
}

export interface ScriptedUsage {
  readonly input?: number;
  readonly output?: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
  readonly reasoning?: number;
}

export interface ScriptedError {
  /** HTTP status, e.g. 429, 500, 529, 401, 400. */
  readonly status: number;
  readonly message: string;
  /** Provider error type, e.g. `rate_limit_error`; a sensible default per status otherwise. */
  readonly type?: string;
  readonly headers?: Readonly<Record<string, string>>;
}
