/**
 * @rtmp/server — the embedded RTMP server: VOD from FLV files, live relay, RTMPT gateway, hooks.
 */
export { LiveStream, type LiveStreamLimits, type LiveSubscriber } from './live-stream.js';
export { type PlayRoute, routePlay } from './play-route.js';
export {
  type ConnectionStats,
  createRtmpServer,
  type LiveStreamInfo,
  RtmpServer,
  type RtmpServerAddress,
  type RtmpServerEvents,
} from './rtmp-server.js';
export type {
  AppMode,
  ConnectInfo,
  ConnectionInfo,
  HookResult,
  HookVerdict,
  ResolvedServerOptions,
  RtmpServerOptions,
  ServerWarning,
  StreamInfo,
} from './rtmp-server-options.js';
export * from './rtmpt/index.js';
export {
  RtmpServerError,
  ServerErrorCode,
  type ServerErrorCodeValue,
  ServerWarningCode,
  type ServerWarningCodeValue,
} from './server-error.js';
export { VOD_READ_SIZE, VodFile } from './vod-file.js';
export { MAX_PLAY_NAME_LENGTH, resolveVodPath, stripQuery } from './vod-path.js';
export { VodPlayback, type VodPlaybackOptions, type VodSink } from './vod-playback.js';
