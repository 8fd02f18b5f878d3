// SocketTransport (through connectTcp): pull-based reading with a bounded queue, write
// backpressure, idle timeout, clean EOF vs reset, destroy/end/abort, write after close, no leaks.
import type { Socket } from 'node:net';
import { RtmpError } from '@rtmp/core';
import { connectTcp, type SocketTransport } from '@rtmp/transport-tcp';
import { afterEach, describe, expect, it } from 'vitest';
import { activeResources, delay, settledResources, type TestServer, tcpServer } from './support/servers.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function pair(
  options: Parameters<typeof connectTcp>[1] = {},
): Promise<{ server: TestServer; peer: Socket; transport: SocketTransport }> {
  const server = await tcpServer();
  cleanups.push(() => server.close());
  const accepted = server.accepted();
  const transport = await connectTcp({ host: '127.0.0.1', port: server.port }, options);
  cleanups.push(() => {
    transport.destroy();
    return transport.closed;
  });
  return { server, peer: await accepted, transport };
}

async function readAll(transport: SocketTransport): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of transport) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function failure(promise: Promise<unknown>): Promise<RtmpError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(RtmpError.is(error)).toBe(true);
  return error as RtmpError;
}

describe('SocketTransport reading', () => {
  it('yields the bytes in order and ends cleanly on the peer FIN (server closes mid-stream)', async () => {
    const { peer, transport } = await pair();
    const sent = Buffer.alloc(300_000);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 7 + (i >> 8)) & 0xff;
    peer.end(sent);
    const got = await readAll(transport);
    expect(got.equals(sent)).toBe(true);
    await transport.closed;
    expect(() => transport.write(Uint8Array.of(1))).toThrowError(
      expect.objectContaining({ code: 'TRANSPORT_CLOSED' }),
    );
  });

  it('yields the socket chunks as they come (no concatenation)', async () => {
    const { peer, transport } = await pair();
    const iterator = transport[Symbol.asyncIterator]();
    peer.write(Buffer.from('abc'));
    const first = await iterator.next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('abc');
    peer.write(Buffer.from('defg'));
    const second = await iterator.next();
    expect(Buffer.from(second.value as Uint8Array).toString()).toBe('defg');
    expect(Buffer.isBuffer(second.value)).toBe(true);
  });

  it('keeps memory bounded under a slow consumer: pauses the socket, the peer sees backpressure', async () => {
    const highWater = 64 * 1024;
    const { peer, transport } = await pair({ readHighWaterMark: highWater, idleTimeout: 0 });
    const block = Buffer.alloc(64 * 1024, 0x5a);
    const total = 32 * 1024 * 1024;
    let written = 0;
    let refused = false;
    // The peer writes until its socket says no (bounded: at most `total` bytes).
    const writer = (async () => {
      while (written < total) {
        written += block.length;
        if (!peer.write(block)) {
          refused = true;
          await new Promise((resolve) => peer.once('drain', resolve));
        }
      }
      peer.end();
    })();
    let maxQueued = 0;
    let received = 0;
    const iterator = transport[Symbol.asyncIterator]();
    for (let reads = 0; ; reads++) {
      if (reads < 20) await delay(20); // slow start: the transport must pause, not buffer everything
      maxQueued = Math.max(maxQueued, transport.bufferedBytes);
      const { value, done } = await iterator.next();
      if (done) break;
      received += value.length;
    }
    await writer;
    expect(received).toBe(written);
    expect(refused).toBe(true);
    // One socket read (≤ 64 KiB) may land above the mark before the pause takes effect.
    expect(maxQueued).toBeLessThanOrEqual(highWater + 65_536);
    expect(maxQueued).toBeGreaterThan(0);
  });

  it('throws TRANSPORT_CONNECTION_RESET when the peer resets (RST) and refuses later writes', async () => {
    const { peer, transport } = await pair();
    const iterator = transport[Symbol.asyncIterator]();
    peer.write(Buffer.from('partial'));
    expect((await iterator.next()).done).toBe(false);
    peer.resetAndDestroy();
    const error = await failure(iterator.next());
    expect(error.code).toBe('TRANSPORT_CONNECTION_RESET');
    expect(error.details).toMatchObject({ errno: 'ECONNRESET', phase: 'transfer' });
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await transport.closed;
    const closed = (() => {
      try {
        transport.write(Uint8Array.of(1));
      } catch (e) {
        return e as RtmpError;
      }
      return null;
    })();
    expect(closed?.code).toBe('TRANSPORT_CLOSED');
    expect(RtmpError.hasCode(closed?.cause, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
  });

  it('a RST that arrives while the transport is paused (slow consumer) still throws, after a prefix', async () => {
    const { peer, transport } = await pair({ readHighWaterMark: 1024, idleTimeout: 0 });
    const sent = Buffer.alloc(600_000);
    for (let i = 0; i < sent.length; i++) sent[i] = i % 251;
    peer.write(sent);
    await delay(30);
    peer.resetAndDestroy(); // the kernel drops what was not read yet
    await delay(30);
    const got: Buffer[] = [];
    const error = await (async () => {
      try {
        for await (const chunk of transport) got.push(Buffer.from(chunk));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    const received = Buffer.concat(got);
    expect(received.length).toBeLessThan(sent.length);
    expect(received.equals(sent.subarray(0, received.length))).toBe(true);
    expect(RtmpError.hasCode(error, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
  });

  it('throws TRANSPORT_IDLE_TIMEOUT when nothing arrives, and not while data flows', async () => {
    const { peer, transport } = await pair({ idleTimeout: 120 });
    const iterator = transport[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) {
      await delay(60);
      peer.write(Buffer.of(i));
      expect((await iterator.next()).value).toEqual(Buffer.of(i));
    }
    const started = performance.now();
    const error = await failure(iterator.next());
    expect(error.code).toBe('TRANSPORT_IDLE_TIMEOUT');
    expect(error.details).toMatchObject({ idleTimeout: 120 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    await transport.closed;
  });

  it('does not count time paused for a slow consumer as idle', async () => {
    const { peer, transport } = await pair({ idleTimeout: 100, readHighWaterMark: 1024 });
    peer.write(Buffer.alloc(4096, 1));
    await delay(300); // consumer asleep, transport paused (4096 > 1024 queued)
    const iterator = transport[Symbol.asyncIterator]();
    const { value } = await iterator.next();
    expect(value?.length).toBeGreaterThan(0);
    peer.end();
    let rest = 0;
    for (;;) {
      const step = await iterator.next();
      if (step.done) break;
      rest += step.value.length;
    }
    expect((value?.length ?? 0) + rest).toBe(4096);
  });

  it('breaking out of for-await destroys the transport', async () => {
    const { peer, transport } = await pair();
    peer.write(Buffer.from('x'));
    for await (const chunk of transport) {
      expect(chunk.length).toBe(1);
      break;
    }
    await transport.closed;
    expect(() => transport.write(Uint8Array.of(1))).toThrow();
  });
});

describe('SocketTransport writing and closing', () => {
  it('write returns false when the peer does not read, drain resolves when it does', async () => {
    const { peer, transport } = await pair({ writeHighWaterMark: 16 * 1024 });
    peer.pause();
    const block = new Uint8Array(16 * 1024);
    let writes = 0;
    while (transport.write(block)) {
      writes++;
      expect(writes).toBeLessThan(10_000); // bounded: the kernel buffers fill long before
      await delay(0);
    }
    expect(transport.pendingWriteBytes).toBeGreaterThanOrEqual(16 * 1024);
    let drained = false;
    const drain = transport.drain().then(() => {
      drained = true;
    });
    await delay(50);
    expect(drained).toBe(false);
    let consumed = 0;
    peer.on('data', (chunk: Buffer) => {
      consumed += chunk.length;
    });
    peer.resume();
    await drain;
    expect(drained).toBe(true);
    expect(transport.pendingWriteBytes).toBeLessThan(16 * 1024);
    await transport.end();
    await delay(20);
    expect(consumed).toBe((writes + 1) * block.length);
  });

  it('end() flushes queued bytes, sends FIN and resolves when closed', async () => {
    const { peer, transport } = await pair();
    const received: Buffer[] = [];
    peer.on('data', (c: Buffer) => received.push(c));
    peer.on('end', () => peer.end());
    const payload = Buffer.alloc(1_000_000, 3);
    transport.write(payload);
    await transport.end();
    expect(Buffer.concat(received).equals(payload)).toBe(true);
    expect(() => transport.write(Uint8Array.of(1))).toThrowError(
      expect.objectContaining({ code: 'TRANSPORT_CLOSED' }),
    );
  });

  it('end() destroys after endTimeout when the peer never closes its side', async () => {
    const server = await tcpServer(undefined, { allowHalfOpen: true });
    cleanups.push(() => server.close());
    const accepted = server.accepted();
    const transport = await connectTcp({ host: '127.0.0.1', port: server.port }, { endTimeout: 80 });
    const peer = await accepted;
    let peerSawEnd = false;
    peer.on('end', () => {
      peerSawEnd = true; // half-open: the peer keeps its side open
    });
    peer.resume();
    const started = performance.now();
    await transport.end();
    const elapsed = performance.now() - started;
    expect(peerSawEnd).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(70);
    expect(elapsed).toBeLessThan(2000);
  });

  it('destroy(reason) makes the pending read throw that reason; destroy() ends the iterator', async () => {
    const first = await pair();
    const iterator = first.transport[Symbol.asyncIterator]();
    const pending = iterator.next();
    const reason = new Error('session failed');
    first.transport.destroy(reason);
    await expect(pending).rejects.toBe(reason);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
    await first.transport.closed;

    const second = await pair();
    const it2 = second.transport[Symbol.asyncIterator]();
    const pending2 = it2.next();
    second.transport.destroy();
    expect(await pending2).toEqual({ value: undefined, done: true });
    await second.transport.closed;
    await expect(second.transport.drain()).resolves.toBeUndefined();
  });

  it('a lifetime AbortSignal destroys the open transport with TRANSPORT_ABORTED', async () => {
    const controller = new AbortController();
    const { transport } = await pair({ signal: controller.signal });
    const iterator = transport[Symbol.asyncIterator]();
    const pending = iterator.next();
    controller.abort('stop');
    const error = await failure(pending);
    expect(error.code).toBe('TRANSPORT_ABORTED');
    expect(error.cause).toBe('stop');
    await transport.closed;
  });

  it('closes without leaking sockets, timers or listeners', async () => {
    const server = await tcpServer((s) => s.pipe(s));
    cleanups.push(() => server.close());
    await delay(10);
    const before = activeResources();
    const controller = new AbortController();
    for (let i = 0; i < 5; i++) {
      const transport = await connectTcp(
        { host: '127.0.0.1', port: server.port },
        { idleTimeout: 10_000, signal: controller.signal },
      );
      transport.write(Uint8Array.of(1, 2, 3));
      const iterator = transport[Symbol.asyncIterator]();
      await iterator.next();
      if (i % 2) await transport.end();
      else transport.destroy(new Error('x'));
      await transport.closed;
    }
    expect(await settledResources(before)).toEqual({});
    // No abort listener is left on the signal: aborting now must not throw or do anything.
    controller.abort();
  });
});
