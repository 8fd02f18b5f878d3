/**
 * Opening an RTMPT session (protocol.md §7): the optional `/fcs/ident2` probe, then
 * `POST /open/1` with a one-byte body, whose answer is the session id as text.
 */
import { HttpTransport } from './http-transport.js';
import { HttpTransportError, HttpTransportErrorCode } from './http-transport-error.js';
import { type HttpTransportOptions, resolveHttpTransportOptions } from './http-transport-options.js';
import { checkResponse, type ExchangeContext, exchange, readSmallBody } from './rtmpt-exchange.js';
import {
  MAX_SESSION_ID_LENGTH,
  makeRtmptEndpoint,
  parseRtmptUrl,
  parseSessionId,
  type RtmptEndpoint,
  type RtmptEndpointInit,
  rtmptIdentUrl,
  rtmptOpenUrl,
} from './rtmpt-url.js';

const ONE_ZERO_BYTE = new Uint8Array(1);

/**
 * Opens an RTMPT session and returns the connected {@link HttpTransport}. `target` is an
 * `rtmpt://`, `rtmpts://` or `rtmpte://` URL, or host/port/secure parts.
 *
 * @throws {HttpTransportError} TRANSPORT_HTTP_BAD_URL — unusable URL.
 * @throws {HttpTransportError} TRANSPORT_HTTP_NO_FETCH — no fetch available.
 * @throws {HttpTransportError} TRANSPORT_HTTP_STATUS — `/open/1` answered other than 200.
 * @throws {HttpTransportError} TRANSPORT_HTTP_CONTENT_TYPE — `/open/1` answer not application/x-fcs.
 * @throws {HttpTransportError} TRANSPORT_HTTP_BAD_SESSION_ID — unusable session id.
 * @throws {HttpTransportError} TRANSPORT_HTTP_RESPONSE_TOO_LARGE — oversized `/open/1` answer.
 * @throws {HttpTransportError} TRANSPORT_HTTP_TIMEOUT — no answer within `connectTimeoutMs`.
 * @throws {HttpTransportError} TRANSPORT_HTTP_ABORTED — `options.signal` fired.
 * @throws {HttpTransportError} TRANSPORT_HTTP_NETWORK — connection refused, reset, DNS failure...
 */
export async function connectHttpTransport(
  target: string | RtmptEndpointInit | RtmptEndpoint,
  options: HttpTransportOptions = {},
): Promise<HttpTransport> {
  const endpoint =
    typeof target === 'string'
      ? parseRtmptUrl(target)
      : 'origin' in target
        ? target
        : makeRtmptEndpoint(target);
  const resolved = resolveHttpTransportOptions(options);
  const ctx: ExchangeContext = {
    fetch: resolved.fetch,
    timers: resolved.timers,
    headers: resolved.headers,
    signal: resolved.signal,
  };
  if (resolved.probeIdent) {
    // Flash Player's probe: servers commonly answer 404, and clients ignore the answer.
    const url = rtmptIdentUrl(endpoint);
    await exchange(ctx, url, ONE_ZERO_BYTE, resolved.connectTimeoutMs, (res) =>
      readSmallBody(res, url, 4096),
    );
  }
  const url = rtmptOpenUrl(endpoint);
  const sessionId = await exchange(ctx, url, ONE_ZERO_BYTE, resolved.connectTimeoutMs, async (res) => {
    checkResponse(res, url, false, resolved.requireContentType);
    const body = await readSmallBody(res, url, MAX_SESSION_ID_LENGTH + 16).catch((error: unknown) => {
      if (HttpTransportError.hasCode(error, HttpTransportErrorCode.ResponseTooLarge)) {
        throw new HttpTransportError(HttpTransportErrorCode.BadSessionId, 'session id answer too long', {
          cause: error,
        });
      }
      throw error;
    });
    return parseSessionId(body);
  });
  return new HttpTransport(endpoint, sessionId, resolved);
}
