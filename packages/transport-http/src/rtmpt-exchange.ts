/**
 * One RTMPT request/response exchange over fetch (protocol.md §7): `POST` with
 * `Content-Type: application/x-fcs`, a per-request timeout, cancellation, and the mapping of every
 * failure to a typed {@link HttpTransportError}. The response body is handed to a callback while
 * the timeout still runs, so a server that stalls mid-body also times out.
 */

import type {
  AbortControllerLike,
  AbortSignalLike,
  BodyReaderLike,
  FetchLike,
  ResponseLike,
  TimerHost,
} from './host.js';
import { newAbortController } from './host.js';
import { HttpTransportError, HttpTransportErrorCode } from './http-transport-error.js';

/** What every exchange of one transport shares. */
export interface ExchangeContext {
  fetch: FetchLike;
  timers: TimerHost;
  /** Request headers (Content-Type application/x-fcs, Cache-Control no-cache, extras). */
  headers: Record<string, string>;
  /** The caller's signal: aborts the exchange with TRANSPORT_HTTP_ABORTED. */
  signal?: AbortSignalLike | undefined;
}

/** A handle that lets the owner abort the exchange in flight (on destroy). */
export interface ExchangeHandle {
  abort(): void;
}

/**
 * Posts `body` to `url` and runs `onResponse` on the response, all within `timeoutMs`.
 * @throws {HttpTransportError} TRANSPORT_HTTP_TIMEOUT — no complete answer in time.
 * @throws {HttpTransportError} TRANSPORT_HTTP_ABORTED — `handle.abort()` or the context signal.
 * @throws {HttpTransportError} TRANSPORT_HTTP_NETWORK — fetch or the body stream failed.
 * Errors thrown by `onResponse` pass through unchanged.
 */
export async function exchange<T>(
  ctx: ExchangeContext,
  url: string,
  body: Uint8Array,
  timeoutMs: number,
  onResponse: (response: ResponseLike) => Promise<T>,
  onHandle?: (handle: ExchangeHandle | null) => void,
): Promise<T> {
  const controller: AbortControllerLike = newAbortController();
  let why: 'timeout' | 'abort' | null = null;
  // Every await below races this promise: undici (Node 20) can leave a body read pending
  // forever when the abort lands just as the body completes, so abort must not depend on it.
  let stop: (reason: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = reject;
  });
  stopped.catch(() => undefined);
  const abortWith = (reason: 'timeout' | 'abort'): void => {
    if (why !== null) return;
    why = reason;
    const error = new Error(reason);
    controller.abort(error);
    stop(error);
  };
  const onOuterAbort = (): void => abortWith('abort');
  const timer = ctx.timers.setTimeout(() => abortWith('timeout'), timeoutMs);
  ctx.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (ctx.signal?.aborted === true) abortWith('abort');
  onHandle?.({ abort: onOuterAbort });
  let ok = false;
  try {
    const response = await raceWith(
      ctx.fetch(url, {
        method: 'POST',
        headers: ctx.headers,
        body,
        signal: controller.signal,
        cache: 'no-store',
      }),
      stopped,
    );
    const result = await raceWith(onResponse(response), stopped);
    ok = true;
    return result;
  } catch (error) {
    const phase = { url, timeoutMs };
    if (why === 'timeout') {
      throw new HttpTransportError(
        HttpTransportErrorCode.Timeout,
        `no answer from ${url} in ${timeoutMs} ms`,
        {
          cause: error,
          details: phase,
        },
      );
    }
    if (why === 'abort') {
      throw new HttpTransportError(HttpTransportErrorCode.Aborted, `request to ${url} aborted`, {
        cause: ctx.signal?.aborted === true ? ctx.signal.reason : error,
        details: phase,
      });
    }
    if (error instanceof HttpTransportError) throw error;
    throw new HttpTransportError(
      HttpTransportErrorCode.Network,
      `request to ${url} failed: ${describe(error)}`,
      {
        cause: error,
        details: phase,
      },
    );
  } finally {
    ctx.timers.clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onOuterAbort);
    onHandle?.(null);
    // A failed exchange tears its connection down so no half-read body stays pooled.
    if (!ok && why === null) controller.abort(new Error('exchange failed'));
  }
}

/** Races `work` against `stopped`; a loser's later rejection is swallowed. */
function raceWith<T>(work: Promise<T>, stopped: Promise<never>): Promise<T> {
  work.catch(() => undefined);
  return Promise.race([work, stopped]);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/**
 * Checks the status and content type of a response.
 * @throws {HttpTransportError} TRANSPORT_HTTP_STATUS — status other than 200.
 * @throws {HttpTransportError} TRANSPORT_HTTP_SESSION_CLOSED — 404 when `sessionRequest` (the server forgot the session).
 * @throws {HttpTransportError} TRANSPORT_HTTP_CONTENT_TYPE — not application/x-fcs (when `requireContentType`).
 */
export function checkResponse(
  response: ResponseLike,
  url: string,
  sessionRequest: boolean,
  requireContentType: boolean,
): void {
  const status = response.status;
  if (status !== 200) {
    if (status === 404 && sessionRequest) {
      throw new HttpTransportError(
        HttpTransportErrorCode.SessionClosed,
        `the server no longer knows the RTMPT session (404 from ${url})`,
        { details: { status, url } },
      );
    }
    throw new HttpTransportError(HttpTransportErrorCode.Status, `HTTP ${status} from ${url}`, {
      details: { status, url },
    });
  }
  if (requireContentType) {
    const contentType = response.headers.get('content-type');
    const bare = contentType?.split(';')[0]?.trim().toLowerCase();
    if (bare !== 'application/x-fcs') {
      throw new HttpTransportError(
        HttpTransportErrorCode.ContentType,
        `expected Content-Type application/x-fcs from ${url}, got ${contentType ?? 'none'}`,
        { details: { contentType, url } },
      );
    }
  }
}

/**
 * Streams a response body to `onChunk`, bounded by `limit` bytes in total.
 * Returns the number of bytes read.
 * @throws {HttpTransportError} TRANSPORT_HTTP_RESPONSE_TOO_LARGE — more than `limit` bytes.
 */
export async function streamBody(
  response: ResponseLike,
  url: string,
  limit: number,
  onChunk: (chunk: Uint8Array) => void,
): Promise<number> {
  if (response.body === null) return 0;
  const reader: BodyReaderLike = response.body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (value === undefined || value.length === 0) continue;
    total += value.length;
    if (total > limit) {
      void reader.cancel().catch(() => undefined);
      throw new HttpTransportError(
        HttpTransportErrorCode.ResponseTooLarge,
        `response from ${url} exceeds ${limit} bytes`,
        { details: { limit, url } },
      );
    }
    onChunk(value);
  }
  return total;
}

/**
 * Reads a whole small response body (open, close, ident2) into one array, bounded by `limit`.
 * @throws {HttpTransportError} TRANSPORT_HTTP_RESPONSE_TOO_LARGE — more than `limit` bytes.
 */
export async function readSmallBody(response: ResponseLike, url: string, limit: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const total = await streamBody(response, url, limit, (chunk) => parts.push(chunk));
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
