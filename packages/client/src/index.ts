/**
 * @rtmp/client — the RTMP client for Node.js: librtmp URLs and options, connect, play, publish.
 */
export {
  abortError,
  ClientErrorCode,
  type ClientErrorCodeValue,
  RtmpClientError,
  RtmpStatusError,
} from './client-error.js';
export { connect } from './connect.js';
export type {
  ConnectOptions,
  TlsOptions,
  TransportFactory,
  TransportFactoryOptions,
} from './connect-options.js';
export {
  type ConnectionStats,
  type PlayOptions,
  type PublishOptions,
  playRequestFor,
} from './connection-types.js';
export { EventQueue, type EventQueueOptions } from './event-queue.js';
export { openTransport } from './open-transport.js';
export { type PlayEnd, type PlayEvent, PlayStream } from './play-stream.js';
export { type MediaTag, type PublishFlvOptions, type PublishStats, PublishStream } from './publish-stream.js';
export { RtmpConnection } from './rtmp-connection.js';
export { escapeRtmpOptionValue, unescapeRtmpOptionValue } from './url/option-escape.js';
export {
  parseRtmpOptionString,
  RTMP_URL_OPTIONS,
  type RtmpOptionKind,
  type RtmpOptionName,
  type RtmpUrlOption,
  rtmpOptionName,
} from './url/parse-rtmp-options.js';
export { parseRtmpPlaypath } from './url/parse-rtmp-playpath.js';
export { MAX_HOST_LENGTH, type ParsedRtmpUrl, parseRtmpUrl } from './url/parse-rtmp-url.js';
export { type ResolveRtmpUrlLimits, resolveRtmpUrl } from './url/resolve-rtmp-url.js';
export {
  DEFAULT_BUFFER_MS,
  DEFAULT_FLASH_VER,
  DEFAULT_SOCKS_PORT,
  DEFAULT_SWF_AGE_DAYS,
  DEFAULT_TIMEOUT_S,
  type RtmpConnectionParams,
  type RtmpSocksProxy,
} from './url/rtmp-connection-params.js';
export {
  RTMP_PROTOCOLS,
  type RtmpProtocol,
  type RtmpProtocolInfo,
  type RtmpTransportKind,
  rtmpProtocolFromNumber,
} from './url/rtmp-protocol.js';
export { UrlErrorCode, type UrlErrorCodeValue, type UrlErrorDetails } from './url/url-error.js';
