export type { FixtureReply } from './fixture-reply.ts';
export {
  type FixtureServer,
  type FixtureServerOptions,
  startFixtureServer,
} from './fixture-server.ts';
export type { FixtureStats } from './fixture-stats.ts';
export type { Latency } from './latency.ts';
export { formatOpenAIDuration } from './openai-duration.ts';
export type { FaultKind, RandomFaults } from './random-faults.ts';
export type { RateLimits } from './rate-limiter.ts';
export type { ApiFormat, RecordedRequest } from './recorded-request.ts';
export type { ReplyHandler } from './reply-script.ts';
