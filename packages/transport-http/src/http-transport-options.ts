/**
 * Options of the RTMPT client transport (protocol.md §7) and their defaults. Every value read
 * from the network is bounded by one of them.
 */
import type { Clock } from '@rtmp/core';
import type { AbortSignalLike, FetchLike, TimerHost } from './host.js';
import { globalFetch, hostClock, hostTimers } from './host.js';
import { HttpTransportError, HttpTransportErrorCode } from './http-transport-error.js';
import type { PollSchedulerOptions } from './poll-scheduler.js';

/** Options for {@link connectHttpTransport}. */
export interface HttpTransportOptions {
  /** WHATWG fetch to use (default: the global `fetch`; in Node, undici keeps connections alive). */
  fetch?: FetchLike;
  /** Timer functions (default: the host's `setTimeout`/`clearTimeout`). */
  timers?: TimerHost;
  /** Monotonic ms clock for poll pacing (default `performance.now`). */
  clock?: Clock;
  /** Aborts connecting and, later, destroys the transport with TRANSPORT_HTTP_ABORTED. */
  signal?: AbortSignalLike;
  /** Send the Flash Player's `POST /fcs/ident2` probe first; its answer is ignored (default false, like librtmp and FFmpeg). */
  probeIdent?: boolean;
  /** Timeout of the ident2 probe and of `/open/1` (default 10000 ms). */
  connectTimeoutMs?: number;
  /** Timeout of each send/idle exchange, body included (default 30000 ms). */
  requestTimeoutMs?: number;
  /** Timeout of the final `/close` exchange (default 2000 ms). */
  closeTimeoutMs?: number;
  /** Largest send/idle response body accepted (default 16 MiB). */
  maxResponseBytes?: number;
  /** Largest body of one `/send` POST; more queued data goes in the next one (default 1 MiB). */
  maxPostBytes?: number;
  /** `write()` returns false once this many bytes wait to be sent (default 1 MiB). */
  writeHighWaterMark?: number;
  /** Idle polling pauses while this many received bytes wait to be read (default 4 MiB). */
  readHighWaterMark?: number;
  /** Reject responses whose Content-Type is not application/x-fcs (default true). */
  requireContentType?: boolean;
  /** Sets `User-Agent` (librtmp and FFmpeg send `Shockwave Flash`; browsers ignore it). Default: not set. */
  userAgent?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Idle-poll pacing (see {@link PollScheduler}). */
  poll?: Omit<PollSchedulerOptions, 'clock'>;
}

/** Options after defaults are applied. */
export interface ResolvedHttpTransportOptions {
  fetch: FetchLike;
  timers: TimerHost;
  clock: Clock;
  signal: AbortSignalLike | undefined;
  probeIdent: boolean;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  closeTimeoutMs: number;
  maxResponseBytes: number;
  maxPostBytes: number;
  writeHighWaterMark: number;
  readHighWaterMark: number;
  requireContentType: boolean;
  headers: Record<string, string>;
  poll: Omit<PollSchedulerOptions, 'clock'>;
}

/**
 * Applies defaults.
 * @throws {HttpTransportError} TRANSPORT_HTTP_NO_FETCH — no `fetch` option and no global fetch.
 */
export function resolveHttpTransportOptions(options: HttpTransportOptions): ResolvedHttpTransportOptions {
  const fetch = options.fetch ?? globalFetch();
  if (fetch === undefined) {
    throw new HttpTransportError(
      HttpTransportErrorCode.NoFetch,
      'no fetch implementation: pass options.fetch',
    );
  }
  const headers: Record<string, string> = {
    'Content-Type': 'application/x-fcs',
    'Cache-Control': 'no-cache',
    ...(options.userAgent === undefined ? {} : { 'User-Agent': options.userAgent }),
    ...options.headers,
  };
  return {
    fetch,
    timers: options.timers ?? hostTimers,
    clock: options.clock ?? hostClock,
    signal: options.signal,
    probeIdent: options.probeIdent ?? false,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    closeTimeoutMs: options.closeTimeoutMs ?? 2_000,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
    maxPostBytes: options.maxPostBytes ?? 1024 * 1024,
    writeHighWaterMark: options.writeHighWaterMark ?? 1024 * 1024,
    readHighWaterMark: options.readHighWaterMark ?? 4 * 1024 * 1024,
    requireContentType: options.requireContentType ?? true,
    headers,
    poll: options.poll ?? {},
  };
}
