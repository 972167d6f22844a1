export {
  type FixtureServer,
  type FixtureServerOptions,
  startFixtureServer,
} from './fixture-server.ts';
export type { ApiFormat, RecordedRequest } from './recorded-request.ts';
export type { ReplyHandler } from './reply-script.ts';
