/**
 * Error codes of @rtmp/transport-http (protocol.md §7, RTMPT). Every failure of the tunnel is an
 * {@link RtmpError} with one of these codes; `details` carries the HTTP status, the request path,
 * the limit that was hit, and so on.
 */
import { RtmpError, type RtmpErrorOptions } from '@rtmp/core';

/** Stable error codes thrown or used as the iterator error by the HTTP transport. */
export const HttpTransportErrorCode = {
  /** The URL is not `rtmpt://`, `rtmpts://` or `rtmpte://`, or its host/port is invalid. */
  BadUrl: 'TRANSPORT_HTTP_BAD_URL',
  /** The server answered with an HTTP status other than 200 (`details.status`). */
  Status: 'TRANSPORT_HTTP_STATUS',
  /** The response's Content-Type is not `application/x-fcs` (`details.contentType`). */
  ContentType: 'TRANSPORT_HTTP_CONTENT_TYPE',
  /** `/open/1` returned an empty, oversized or non-path-safe session id. */
  BadSessionId: 'TRANSPORT_HTTP_BAD_SESSION_ID',
  /** The server no longer knows the session (404 on send/idle) and has closed it. */
  SessionClosed: 'TRANSPORT_HTTP_SESSION_CLOSED',
  /** A send/idle/close response had no body (the interval byte is missing). */
  BadResponse: 'TRANSPORT_HTTP_BAD_RESPONSE',
  /** A response body is larger than `maxResponseBytes`. */
  ResponseTooLarge: 'TRANSPORT_HTTP_RESPONSE_TOO_LARGE',
  /** A request did not complete within its timeout (`details.timeoutMs`). */
  Timeout: 'TRANSPORT_HTTP_TIMEOUT',
  /** The transport was destroyed, or the caller's AbortSignal fired, while a request was running. */
  Aborted: 'TRANSPORT_HTTP_ABORTED',
  /** `fetch` failed: connection refused, reset, or closed in the middle of a response. */
  Network: 'TRANSPORT_HTTP_NETWORK',
  /** No `fetch` implementation is available (pass the `fetch` option). */
  NoFetch: 'TRANSPORT_HTTP_NO_FETCH',
} as const;

/** One of the {@link HttpTransportErrorCode} values. */
export type HttpTransportErrorCodeValue =
  (typeof HttpTransportErrorCode)[keyof typeof HttpTransportErrorCode];

/** The error class of this package: an {@link RtmpError} whose `code` is narrowed. */
export class HttpTransportError extends RtmpError {
  declare readonly code: HttpTransportErrorCodeValue;

  constructor(code: HttpTransportErrorCodeValue, message: string, options: RtmpErrorOptions = {}) {
    super(code, message, options);
  }

  override get name(): string {
    return 'HttpTransportError';
  }
}
