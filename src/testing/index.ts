/**
 * Test doubles for Vega's ports, for testing your own agents offline: the scripted model, the fixture
 * provider server (real provider wire formats on 127.0.0.1) and a manual clock.
 */
export type {
  ScriptedError,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
} from '../model/scripted/index.ts';
export {
  echoModel,
  InvalidScript,
  loadScript,
  parseScript,
  type Script,
  type ScriptEntry,
  ScriptExhausted,
  type ScriptedCallRecord,
  ScriptedModel,
  ScriptIncomplete,
  scriptedModel,
  scriptedModelFromSpec,
} from '../model/scripted/index.ts';
export {
  type ApiFormat,
  type FaultKind,
  type FixtureReply,
  type FixtureServer,
  type FixtureServerOptions,
  type FixtureStats,
  formatOpenAIDuration,
  type Latency,
  type RandomFaults,
  type RateLimits as FixtureRateLimits,
  type RecordedRequest,
  type ReplyHandler,
  startFixtureServer,
} from './fixture-server/index.ts';
export { type ManualClock, manualClock } from './manual-clock.ts';
