/**
 * ConnectDeadline: one deadline and one AbortSignal covering every step of a connect — DNS, TCP,
 * SOCKS, TLS (protocol.md §7 intro; librtmp applies `timeout=` to the whole `RTMP_Connect`).
 * Each step is raced against it; when it fires, the caller destroys the socket.
 */
import { TcpTransportError, TcpTransportErrorCode } from './tcp-transport-error.js';
import type { TransportPhase } from './to-transport-error.js';

/** @internal */
export class ConnectDeadline {
  /** The step in progress, reported in `details.phase` of a timeout. */
  phase: TransportPhase = 'tcp';
  private readonly stopped: Promise<never>;
  private stop!: (error: TcpTransportError) => void;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort: () => void;

  constructor(timeoutMs: number, signal: AbortSignal | undefined, where: string) {
    this.stopped = new Promise<never>((_, reject) => {
      this.stop = reject;
    });
    this.stopped.catch(() => {});
    this.signal = signal;
    this.onAbort = () =>
      this.stop(
        new TcpTransportError(TcpTransportErrorCode.Aborted, `connect to ${where} aborted`, {
          cause: signal?.reason,
          details: { phase: this.phase },
        }),
      );
    signal?.addEventListener('abort', this.onAbort, { once: true });
    if (timeoutMs > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.stop(
          new TcpTransportError(
            TcpTransportErrorCode.ConnectTimeout,
            `connect to ${where} timed out after ${timeoutMs} ms (during ${this.phase})`,
            { details: { phase: this.phase, connectTimeout: timeoutMs } },
          ),
        );
      }, timeoutMs);
    }
    if (signal?.aborted) this.onAbort();
  }

  /** Resolves like `step`, or rejects with TRANSPORT_CONNECT_TIMEOUT / TRANSPORT_ABORTED first. */
  race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.stopped]);
  }

  /** Clears the timer and the abort listener. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}
