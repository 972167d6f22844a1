export { type CreateRateLimiterOptions, createRateLimiter } from './create-rate-limiter.ts';
export {
  type CreateRateLimitsOptions,
  createRateLimits,
  type KeyedRateLimiterStats,
  type RateLimits,
} from './create-rate-limits.ts';
export { parseDuration } from './parse-duration.ts';
export type {
  LimitReading,
  RateLimiter,
  RateLimiterStats,
  RateLimitObservation,
  RateLimitRequest,
  RatePermit,
} from './rate-limiter.ts';
export { readRateLimitHeaders } from './read-rate-limit-headers.ts';
export { TokenBucket, type TokenBucketOptions } from './token-bucket.ts';
