/**
 * @rtmp/session — sans-IO RTMP sessions: the client (and server) that compose handshake, RC4,
 * chunk stream and commands, and return bytes to send and events.
 */
export { ClientSession, type ClientSessionState, type StreamRequestStarted } from './client-session.js';
export type { ClientSessionOptions, PlayRequest, PublishRequest } from './client-session-options.js';
export { dataEvent, mediaEvent } from './media-events.js';
export { type AudioInfo, classifyAudio, classifyVideo, type VideoInfo } from './media-info.js';
export {
  type ControlObservation,
  isControlMessage,
  MessageLayer,
  type MessageLayerOptions,
} from './message-layer.js';
export { ServerSession, type ServerSessionOptions } from './server-session.js';
export type * from './server-session-events.js';
export { SessionErrorCode, sessionError } from './session-error.js';
export type * from './session-events.js';
export type { EventOutput, SendOutput, SessionOutput } from './session-output.js';
