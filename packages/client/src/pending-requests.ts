/**
 * PendingRequests: the play/publish requests of a connection waiting for their start status
 * (NetStream.Play.Start / NetStream.Publish.Start, protocol.md §5.4), each with its optional
 * AbortSignal. Internal to RtmpConnection.
 */
import { ClientErrorCode, RtmpClientError } from './client-error.js';

/** What kind of request waits. */
export type RequestKind = 'play' | 'publish';

interface Pending {
  kind: RequestKind;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Requests waiting for their start, by session handle. Internal. */
export class PendingRequests {
  private readonly pending = new Map<number, Pending>();

  /**
   * Waits for {@link PendingRequests.resolve} of `handle`. An abort of `signal` rejects with
   * CLIENT_ABORTED after calling `onAbort` (which releases the stream).
   */
  wait(
    handle: number,
    kind: RequestKind,
    signal: AbortSignal | undefined,
    onAbort: () => void,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const aborted = () => {
        this.pending.delete(handle);
        onAbort();
        reject(new RtmpClientError(ClientErrorCode.Aborted, `${kind} aborted`, { cause: signal?.reason }));
      };
      signal?.addEventListener('abort', aborted, { once: true });
      this.pending.set(handle, {
        kind,
        resolve: () => {
          signal?.removeEventListener('abort', aborted);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', aborted);
          reject(error);
        },
      });
    });
  }

  /** The kind of the request waiting under `handle`, if any. */
  kindOf(handle: number): RequestKind | undefined {
    return this.pending.get(handle)?.kind;
  }

  /** The request started. */
  resolve(handle: number): void {
    const pending = this.pending.get(handle);
    this.pending.delete(handle);
    pending?.resolve();
  }

  /** The request failed. */
  reject(handle: number, error: unknown): void {
    const pending = this.pending.get(handle);
    this.pending.delete(handle);
    pending?.reject(error);
  }

  /** The connection failed: every waiting request fails with `error`. */
  rejectAll(error: unknown): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const pending of all) pending.reject(error);
  }
}
