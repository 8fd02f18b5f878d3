/**
 * The connection's deadlines while it runs (librtmp `timeout=`, rtmpdump `-m`): the idle
 * deadline (no byte from the server for `idleTimeout` ms, CLIENT_IDLE_TIMEOUT — time the client
 * itself spent waiting for a slow consumer does not count) and the no-media deadline of each
 * started play (CLIENT_NO_MEDIA_TIMEOUT). Unlike librtmp's per-read timeout, a server that
 * trickles pings without media still fails the play. Checked on a timer at a quarter of the
 * shortest deadline (at least every 50 ms).
 */
import { ClientErrorCode, RtmpClientError } from './client-error.js';
import type { PlayStream } from './play-stream.js';

/** What the watchdog watches. Internal. */
export interface WatchdogHost {
  /** performance.now() of the last byte from the server. */
  readonly lastByteAt: number;
  /** True while the client, not the server, is the reason nothing is read. */
  readonly pausedForBackpressure: boolean;
  readonly plays: Iterable<PlayStream>;
  /** The idle deadline passed: fail the connection with `error`. */
  onIdle(error: RtmpClientError): void;
}

/** Starts the timer; returns a function that stops it (or undefined when no deadline is set). */
export function startWatchdog(
  host: WatchdogHost,
  idleTimeout: number,
  noMediaTimeout: number,
): (() => void) | undefined {
  if (idleTimeout <= 0 && noMediaTimeout <= 0) return undefined;
  const shortest = Math.min(
    idleTimeout > 0 ? idleTimeout : Number.POSITIVE_INFINITY,
    noMediaTimeout > 0 ? noMediaTimeout : Number.POSITIVE_INFINITY,
  );
  const timer = setInterval(() => check(host, idleTimeout, noMediaTimeout), Math.max(50, shortest / 4));
  timer.unref?.();
  return () => clearInterval(timer);
}

function check(host: WatchdogHost, idleTimeout: number, noMediaTimeout: number): void {
  const now = performance.now();
  if (idleTimeout > 0 && !host.pausedForBackpressure && now - host.lastByteAt > idleTimeout) {
    host.onIdle(
      new RtmpClientError(ClientErrorCode.IdleTimeout, `no data for ${idleTimeout} ms`, {
        details: { idleTimeout },
      }),
    );
    return;
  }
  if (noMediaTimeout <= 0) return;
  for (const stream of host.plays) {
    if (stream.started && now - stream.lastMediaAt > noMediaTimeout) {
      stream.fail(
        new RtmpClientError(ClientErrorCode.NoMediaTimeout, `no media for ${noMediaTimeout} ms`, {
          details: { noMediaTimeout },
        }),
      );
    }
  }
}
