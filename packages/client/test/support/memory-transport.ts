// Test support: a Transport wired straight to an in-memory ServerSession (no socket). Bytes the
// server sends reach the client in slices of `slice` bytes, so the client's whole stack is fed
// split at every byte boundary when `slice` is 1.
import { randomFillSync } from 'node:crypto';
import type { Transport } from '@rtmp/core';
import { ServerSession, type ServerSessionEvent, type SessionOutput } from '@rtmp/session';

export interface MemoryPeer {
  transport: Transport;
  session: ServerSession;
  events: ServerSessionEvent[];
  /** Queues server outputs for the client (and records/handles their events). */
  apply(outputs: SessionOutput<ServerSessionEvent>[]): void;
  /** Queues raw bytes for the client. */
  write(bytes: Uint8Array): void;
  /** Ends the server side (the client's reads end). */
  end(): void;
}

export function memoryPeer(
  handler: (peer: MemoryPeer, event: ServerSessionEvent) => void,
  slice = 1,
): MemoryPeer {
  const session = new ServerSession({ random: (b) => randomFillSync(b) });
  const toClient: Uint8Array[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  let failure: unknown;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const peer: MemoryPeer = {
    session,
    events: [],
    apply(outputs) {
      for (const output of outputs) {
        if (output.type === 'send') peer.write(output.bytes);
        else {
          peer.events.push(output.event);
          handler(peer, output.event);
        }
      }
    },
    write(bytes) {
      const copy = Uint8Array.from(bytes);
      for (let i = 0; i < copy.length; i += slice) toClient.push(copy.subarray(i, i + slice));
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    transport: {
      kind: 'memory',
      write(bytes) {
        if (ended) throw new Error('memory transport closed');
        // Deliver on a later tick, as a socket would.
        const copy = Uint8Array.from(bytes);
        queueMicrotask(() => {
          if (ended) return;
          try {
            peer.apply(session.receive(copy));
          } catch (error) {
            failure = error;
            peer.end();
          }
        });
        return true;
      },
      drain: () => Promise.resolve(),
      end: async () => {
        peer.end();
        resolveClosed();
      },
      destroy: (reason) => {
        failure ??= reason;
        peer.end();
        resolveClosed();
      },
      closed,
      [Symbol.asyncIterator]: () => ({
        async next(): Promise<IteratorResult<Uint8Array>> {
          for (;;) {
            const bytes = toClient.shift();
            if (bytes) return { value: bytes, done: false };
            if (ended) {
              resolveClosed();
              if (failure !== undefined) throw failure;
              return { value: undefined, done: true };
            }
            await new Promise<void>((r) => {
              wake = r;
            });
          }
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          peer.end();
          resolveClosed();
          return { value: undefined, done: true };
        },
      }),
    },
  };
  return peer;
}
