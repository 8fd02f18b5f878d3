/**
 * Error codes of the URL and option resolver (librtmp `RTMP_ParseURL` / `RTMP_SetupURL`
 * semantics, protocol.md §10).
 *
 * Every error is an {@link RtmpError} from `@rtmp/core` whose `details` carry `position` (a
 * zero-based index into the string given to the resolver) and, for option errors, `option`.
 */
import { RtmpError } from '@rtmp/core';

/** Error codes thrown by `resolveRtmpUrl` and the helpers in `src/url`. */
export const UrlErrorCode = {
  /** The scheme is not one of rtmp, rtmpt, rtmpe, rtmpte, rtmps, rtmpts (rtmfp included). */
  UnsupportedScheme: 'URL_UNSUPPORTED_SCHEME',
  /** The URL is malformed: no `://`, no host, bad port, bad IPv6 literal, control characters, too long. */
  Invalid: 'URL_INVALID',
  /** An option name that librtmp does not know (in the option string or the explicit options). */
  UnknownOption: 'URL_UNKNOWN_OPTION',
  /** An option value that cannot be used: bad `\XX` escape, not a boolean/integer, out of range. */
  BadOptionValue: 'URL_BAD_OPTION_VALUE',
} as const;

/** One of the {@link UrlErrorCode} values. */
export type UrlErrorCodeValue = (typeof UrlErrorCode)[keyof typeof UrlErrorCode];

/** Structured facts attached to every URL error. */
export interface UrlErrorDetails {
  /** Zero-based index into the resolved string where the problem starts (-1: explicit options). */
  position: number;
  /** The option concerned, as written (option errors only). */
  option?: string;
  [key: string]: unknown;
}

/** Builds a URL error (internal helper; callers switch on `code`). */
export function urlError(code: UrlErrorCodeValue, message: string, details: UrlErrorDetails): RtmpError {
  return new RtmpError(code, message, { details });
}
