/**
 * Error and warning codes of @rtmp/server. Errors are thrown by the API (`listen`, options);
 * warnings are emitted as `'warning'` events (the server never emits `'error'`): a client that
 * breaks the protocol, a file that cannot be read, a hook that throws — each ends one
 * connection or one stream, never the server.
 */
import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Codes thrown by the server API. */
export const ServerErrorCode = {
  /** `listen()` failed (address in use, permission) or was called twice. */
  Listen: 'SERVER_LISTEN',
  /** An option is out of range or of the wrong type. */
  InvalidOption: 'SERVER_INVALID_OPTION',
  /** A play name is not a safe file name under `root` (`..`, absolute, NUL, backslash, prefix). */
  PathRefused: 'SERVER_PATH_REFUSED',
} as const;

/** Codes of `'warning'` events. */
export const ServerWarningCode = {
  /** The client broke the protocol (handshake, chunk, AMF, command order); its connection was closed. */
  ProtocolError: 'SERVER_PROTOCOL_ERROR',
  /** The socket failed (reset, write after close). */
  SocketError: 'SERVER_SOCKET_ERROR',
  /** No accepted `connect` within `handshakeTimeoutMs`; the connection was closed. */
  HandshakeTimeout: 'SERVER_HANDSHAKE_TIMEOUT',
  /** `maxConnections` reached; a new connection was refused. */
  TooManyConnections: 'SERVER_TOO_MANY_CONNECTIONS',
  /** A hook threw or rejected; the request was refused. */
  HookFailed: 'SERVER_HOOK_FAILED',
  /** A play name was refused (see {@link ServerErrorCode.PathRefused}). */
  PathRefused: 'SERVER_PATH_REFUSED',
  /** A VOD file could not be read or is not a valid FLV; the play was stopped. */
  VodReadFailed: 'SERVER_VOD_READ_FAILED',
  /** A live player's socket backlog passed `maxPlayerBacklog`: frames were dropped until the next keyframe. */
  FramesDropped: 'SERVER_FRAMES_DROPPED',
  /** The GOP cache of a live stream passed `maxGopCacheBytes` and was emptied until the next keyframe. */
  GopCacheLimit: 'SERVER_GOP_CACHE_LIMIT',
  /** A connection was dropped on purpose (`dropAfterBytes`, `dropConnection`, a hook's `drop`). */
  Dropped: 'SERVER_DROPPED',
} as const;

/** A value of {@link ServerErrorCode}. */
export type ServerErrorCodeValue = (typeof ServerErrorCode)[keyof typeof ServerErrorCode];
/** A value of {@link ServerWarningCode}. */
export type ServerWarningCodeValue = (typeof ServerWarningCode)[keyof typeof ServerWarningCode];

/** An error thrown by the server API. */
export class RtmpServerError extends RtmpError {
  declare readonly code: ServerErrorCodeValue;
  constructor(code: ServerErrorCodeValue, message: string, options?: RtmpErrorOptions) {
    super(code, message, options);
  }
}
