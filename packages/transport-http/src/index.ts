/**
 * @rtmp/transport-http — RTMPT, RTMPTS and RTMPTE: RTMP tunnelled through HTTP POST requests
 * (protocol.md §7), as a `Transport` from @rtmp/core, built on WHATWG fetch.
 */
export { connectHttpTransport } from './connect-http-transport.js';
export type {
  AbortControllerLike,
  AbortSignalLike,
  BodyReaderLike,
  FetchInitLike,
  FetchLike,
  ResponseLike,
  TimerHost,
} from './host.js';
export { HttpTransport, type HttpTransportStats } from './http-transport.js';
export {
  HttpTransportError,
  HttpTransportErrorCode,
  type HttpTransportErrorCodeValue,
} from './http-transport-error.js';
export type { HttpTransportOptions } from './http-transport-options.js';
export { PollScheduler, type PollSchedulerOptions } from './poll-scheduler.js';
export {
  MAX_SESSION_ID_LENGTH,
  makeRtmptEndpoint,
  parseRtmptUrl,
  parseSessionId,
  RTMPT_DEFAULT_PORTS,
  type RtmptCommand,
  type RtmptEndpoint,
  type RtmptEndpointInit,
  rtmptCommandUrl,
  rtmptIdentUrl,
  rtmptOpenUrl,
} from './rtmpt-url.js';
export { SendBuffer } from './send-buffer.js';
