/**
 * Errors of @rtmp/client: a code for each way a connection, play or publish can end badly, and
 * {@link RtmpStatusError} carrying the server's status code and description.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { isRecord, type StatusInfo } from '@rtmp/commands';
import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

export const ClientErrorCode = {
  /** connect() did not finish (transport + handshake + connect `_result`) before its deadline. */
  ConnectTimeout: 'CLIENT_CONNECT_TIMEOUT',
  /** The server answered connect with `_error` (see `status`). */
  ConnectRejected: 'CLIENT_CONNECT_REJECTED',
  /** play failed: NetStream.Play.StreamNotFound, Play.Failed, ... (see `status`). */
  PlayFailed: 'CLIENT_PLAY_FAILED',
  /** publish failed: NetStream.Publish.BadName, ... (see `status`). */
  PublishFailed: 'CLIENT_PUBLISH_FAILED',
  /** No bytes arrived for `idleTimeout` ms. */
  IdleTimeout: 'CLIENT_IDLE_TIMEOUT',
  /** The server took none of our bytes for `sendTimeout` ms (it stopped reading). */
  SendTimeout: 'CLIENT_SEND_TIMEOUT',
  /** A play request saw no media for `noMediaTimeout` ms after it started. */
  NoMediaTimeout: 'CLIENT_NO_MEDIA_TIMEOUT',
  /** The connection closed before the operation completed. */
  Closed: 'CLIENT_CLOSED',
  /** The operation was aborted through its AbortSignal. */
  Aborted: 'CLIENT_ABORTED',
  /** A `call()` was answered with `_error` (see `status`). */
  CallFailed: 'CLIENT_CALL_FAILED',
  /** The URL or options ask for something this client cannot do (e.g. rtmfp, a missing playpath). */
  InvalidArgument: 'CLIENT_INVALID_ARGUMENT',
} as const;

/** A value of {@link ClientErrorCode}. */
export type ClientErrorCodeValue = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** An error from the client layer. */
export class RtmpClientError extends RtmpError {
  declare readonly code: ClientErrorCodeValue;
  constructor(code: ClientErrorCodeValue, message: string, options?: RtmpErrorOptions) {
    super(code, message, options);
  }
}

/** A server refusal: `status` holds the server's code (e.g. NetStream.Play.StreamNotFound) and description. */
export class RtmpStatusError extends RtmpClientError {
  readonly status: StatusInfo | undefined;
  constructor(code: ClientErrorCodeValue, status: StatusInfo | undefined, what: string) {
    const description = status?.description ? `: ${status.description}` : '';
    super(code, `${what} (${status?.code ?? 'no status'}${description})`, {
      details: { statusCode: status?.code, description: status?.description, level: status?.level },
    });
    this.status = status;
  }
}

/** The abort reason as a CLIENT_ABORTED error (keeps the signal's reason as `cause`). */
export function abortError(signal: AbortSignal, what: string): RtmpClientError {
  return new RtmpClientError(ClientErrorCode.Aborted, `${what} aborted`, { cause: signal.reason });
}

/** The `_error` information value as a StatusInfo, when it is a status object. */
export function statusOf(info: Amf0Value): StatusInfo | undefined {
  if (!isRecord(info) || typeof info.code !== 'string') return undefined;
  return {
    level: typeof info.level === 'string' ? info.level : 'error',
    code: info.code,
    ...(typeof info.description === 'string' ? { description: info.description } : {}),
    properties: info,
  } as StatusInfo;
}

/** CLIENT_CLOSED for `what` on a closed connection. */
export function closedError(what: string): RtmpClientError {
  return new RtmpClientError(ClientErrorCode.Closed, `${what} ended: the connection is closed`);
}
