/**
 * Error codes of @rtmp/session (besides the CHUNK_*, HANDSHAKE_*, COMMANDS_* and AMF*_ codes of
 * the layers it composes, which pass through unchanged).
 */
import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

export const SessionErrorCode = {
  /** A call that needs a connected session came before `connected` (or after close/failure). */
  NotConnected: 'SESSION_NOT_CONNECTED',
  /** The session failed earlier; it accepts nothing more. */
  Failed: 'SESSION_FAILED',
  /** The handle does not name an open play/publish request of this session. */
  UnknownHandle: 'SESSION_UNKNOWN_HANDLE',
  /** More play/publish requests open at once than `maxStreams`. */
  TooManyStreams: 'SESSION_TOO_MANY_STREAMS',
  /** Media was sent on a publish request that has not started (or on a play request). */
  NotPublishing: 'SESSION_NOT_PUBLISHING',
  /** The server's answer is malformed where the protocol leaves no room (e.g. createStream without a stream id). */
  ProtocolViolation: 'SESSION_PROTOCOL_VIOLATION',
  /** `start()` called twice, or `receive()` before `start()`. */
  InvalidState: 'SESSION_INVALID_STATE',
} as const;

/** Creates an RtmpError with a session code. */
export function sessionError(
  code: (typeof SessionErrorCode)[keyof typeof SessionErrorCode],
  message: string,
  options?: RtmpErrorOptions,
): RtmpError {
  return new RtmpError(code, message, options);
}
