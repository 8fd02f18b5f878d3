// Test support: a Transport wired to an in-memory ServerSession (accepting connect and publish)
// that records every write, for byte-exact comparisons of what a client puts on the wire.
//
// `hold` simulates a socket whose kernel buffer is full: written buffers are kept by reference
// (as libuv does with an asynchronous write) and released one per timer tick, in order;
// `pendingWriteBytes` reports the held bytes, `write` returns false at `highWaterMark` and
// `drain()` waits. A held buffer modified before its release is recorded in `violations`.
// `reportsPending: false` omits `pendingWriteBytes` (a transport that cannot tell), and
// `stall()` makes it hold every later write and never drain (a peer that stopped reading).
import { randomFillSync } from 'node:crypto';
import type { Transport } from '@rtmp/core';
import { ServerSession, type ServerSessionEvent } from '@rtmp/session';

export interface CaptureOptions {
  hold?: boolean;
  highWaterMark?: number;
  reportsPending?: boolean;
  /** Once publishing, the server sends a Ping Request after every `pingEvery`-th write it receives. */
  pingEvery?: number;
}

export interface CaptureTransport {
  transport: Transport;
  server: ServerSession;
  serverEvents: ServerSessionEvent[];
  /** A copy of every write, in order. */
  writes: Uint8Array[];
  /** The buffers given to write (the same objects), in order. */
  buffers: Uint8Array[];
  /** Problems seen: a held buffer changed before release, a write while a drain was due. */
  violations: string[];
  /** Largest pendingWriteBytes seen right after a write. */
  maxPending: number;
  /** Every byte written from index `from` of `writes` on. */
  bytesFrom(from: number): Buffer;
  /** From now on, hold every write and never drain. */
  stall(): void;
}

export function captureTransport(options: CaptureOptions = {}): CaptureTransport {
  const server = new ServerSession({ random: (b) => randomFillSync(b) });
  const highWaterMark = options.highWaterMark ?? 64 * 1024;
  let stalled = false;
  const toClient: Uint8Array[] = [];
  const held: Array<{ buffer: Uint8Array; copy: Uint8Array }> = [];
  let heldBytes = 0;
  let drainDue = false;
  let ended = false;
  let wake: (() => void) | undefined;
  const drainWaiters: Array<() => void> = [];
  let releaseTimer: ReturnType<typeof setTimeout> | undefined;
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((r) => {
    resolveClosed = r;
  });
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const capture: CaptureTransport = {
    server,
    serverEvents: [],
    writes: [],
    buffers: [],
    violations: [],
    maxPending: 0,
    bytesFrom: (from) => Buffer.concat(capture.writes.slice(from).map((w) => Buffer.from(w))),
    stall: () => {
      stalled = true;
    },
    transport: undefined as unknown as Transport,
  };
  const handle = (outputs: ReturnType<ServerSession['receive']>) => {
    for (const output of outputs) {
      if (output.type === 'send') {
        toClient.push(Uint8Array.from(output.bytes));
        notify();
        continue;
      }
      const event = output.event;
      capture.serverEvents.push(event);
      if (event.type === 'connect-requested') handle(server.acceptConnect());
      else if (event.type === 'publish-requested') handle(server.acceptPublish(event.streamId, event.name));
    }
  };
  const release = () => {
    releaseTimer = undefined;
    const first = held.shift();
    if (first === undefined) return;
    if (!Buffer.from(first.buffer).equals(Buffer.from(first.copy)))
      capture.violations.push(
        `a held ${first.buffer.length}-byte buffer (write ${capture.buffers.indexOf(first.buffer)}) was modified before release`,
      );
    heldBytes -= first.buffer.length;
    if (heldBytes < highWaterMark && !stalled) {
      drainDue = false;
      for (const resolve of drainWaiters.splice(0)) resolve();
    }
    if (held.length > 0) releaseTimer = setTimeout(release, 1);
  };
  const transport: Transport & { pendingWriteBytes?: number } = {
    kind: 'capture',
    write(bytes) {
      if (ended) throw new Error('capture transport closed');
      if (drainDue) capture.violations.push('write while a drain was due');
      const copy = Uint8Array.from(bytes);
      capture.writes.push(copy);
      capture.buffers.push(bytes);
      const count = capture.writes.length;
      queueMicrotask(() => {
        if (ended) return;
        handle(server.receive(Uint8Array.from(copy))); // RTMPE decrypts in place: not `copy`
        const publishing = capture.serverEvents.some((e) => e.type === 'publish-requested');
        if (options.pingEvery && publishing && count % options.pingEvery === 0 && !ended)
          handle(server.ping(count));
      });
      if (!options.hold && !stalled) return true;
      held.push({ buffer: bytes, copy });
      heldBytes += bytes.length;
      capture.maxPending = Math.max(capture.maxPending, heldBytes);
      if (!stalled && releaseTimer === undefined) releaseTimer = setTimeout(release, 1);
      if (heldBytes >= highWaterMark || stalled) drainDue = true;
      return !drainDue;
    },
    drain: () => (drainDue ? new Promise<void>((r) => drainWaiters.push(r)) : Promise.resolve()),
    end: async () => {
      ended = true;
      notify();
      resolveClosed();
    },
    destroy: () => {
      ended = true;
      if (releaseTimer) clearTimeout(releaseTimer);
      for (const resolve of drainWaiters.splice(0)) resolve();
      notify();
      resolveClosed();
    },
    closed,
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<Uint8Array>> {
        for (;;) {
          const bytes = toClient.shift();
          if (bytes) return { value: bytes, done: false };
          if (ended) return { value: undefined, done: true };
          await new Promise<void>((r) => {
            wake = r;
          });
        }
      },
      async return(): Promise<IteratorResult<Uint8Array>> {
        ended = true;
        resolveClosed();
        return { value: undefined, done: true };
      },
    }),
  };
  if (options.reportsPending !== false) {
    Object.defineProperty(transport, 'pendingWriteBytes', { get: () => heldBytes, enumerable: true });
  }
  capture.transport = transport;
  return capture;
}
