// SocketTransport with read-buffer reuse on: the ending behaviour is the same as without it —
// clean EOF ends the iterator after every byte, a RST (also while reading is paused because the
// consumer holds the ring) gives an intact prefix then TRANSPORT_CONNECTION_RESET, the idle
// timeout fires on silence but not while paused for the consumer, breaking out destroys without
// leaks. setReadBufferReuse is refused (false) by TLS and SOCKS-tunnelled transports, whose
// chunks stay stable.
import type { TLSSocket } from 'node:tls';
import { RtmpError } from '@rtmp/core';
import { connectTcp, connectTls } from '@rtmp/transport-tcp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Cleanups,
  loopbackPair,
  randomBytes,
  sha256,
  writeInPieces,
  writeSizes,
} from './support/loopback-pair.js';
import {
  activeResources,
  delay,
  echoServer,
  settledResources,
  tcpServer,
  testCertificates,
  tlsServer,
} from './support/servers.js';
import { startSocksProxy } from './support/socks-proxy.js';

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

const MiB = 1024 * 1024;

/** Reads to the end, copying each chunk before the next pull; returns the bytes and the error. */
async function drain(iterator: AsyncIterator<Uint8Array>): Promise<{ bytes: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  try {
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) return { bytes: Buffer.concat(parts), error: undefined };
      parts.push(Buffer.from(value));
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
}

describe('SocketTransport with reuse on: endings', () => {
  it('clean EOF ends the iterator after every byte, then writes are refused', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 5_000 });
    transport.setReadBufferReuse(true);
    const sent = randomBytes(3 * MiB, 1);
    const writer = writeInPieces(peer, sent, writeSizes(sent.length, 90_000, 2));
    const { bytes, error } = await drain(transport[Symbol.asyncIterator]());
    await writer;
    expect(error).toBeUndefined();
    expect(sha256(bytes)).toBe(sha256(sent));
    await transport.closed;
    expect(() => transport.write(Uint8Array.of(1))).toThrow(/closed/);
  });

  it('a RST while reading is paused for a holding consumer: intact prefix, then CONNECTION_RESET', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { readHighWaterMark: 4 * MiB, idleTimeout: 0 });
    transport.setReadBufferReuse(true);
    const sent = randomBytes(8 * MiB, 3);
    peer.write(sent);
    const iterator = transport[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstCopy = Buffer.from(first.value as Uint8Array);
    await delay(60); // the ring fills, the transport pauses
    peer.resetAndDestroy();
    await delay(30);
    expect(Buffer.from(first.value as Uint8Array).equals(firstCopy)).toBe(true);
    const { bytes, error } = await drain(iterator);
    const received = Buffer.concat([firstCopy, bytes]);
    expect(received.length).toBeLessThan(sent.length);
    expect(received.equals(sent.subarray(0, received.length))).toBe(true);
    expect(RtmpError.hasCode(error, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
  });

  it('a RST while data flows: intact prefix, then CONNECTION_RESET, then done', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 0 });
    transport.setReadBufferReuse(true);
    const iterator = transport[Symbol.asyncIterator]();
    peer.write(Buffer.from('partial'));
    expect(Buffer.from((await iterator.next()).value as Uint8Array).toString()).toBe('partial');
    peer.resetAndDestroy();
    const { bytes, error } = await drain(iterator);
    expect(bytes.length).toBe(0);
    expect(RtmpError.hasCode(error, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('idle timeout fires on silence, not while data flows', async () => {
    const { peer, transport } = await loopbackPair(cleanups, { idleTimeout: 120 });
    transport.setReadBufferReuse(true);
    const iterator = transport[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) {
      await delay(60);
      peer.write(Buffer.of(i, i + 1));
      expect(Array.from((await iterator.next()).value as Uint8Array)).toEqual([i, i + 1]);
    }
    const started = performance.now();
    const { error } = await drain(iterator);
    expect(RtmpError.hasCode(error, 'TRANSPORT_IDLE_TIMEOUT')).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    await transport.closed;
  });

  it('time paused because the consumer holds the ring is not idle time', async () => {
    const sent = randomBytes(6 * MiB, 5); // made first: the idle clock runs from the connect
    const { peer, transport } = await loopbackPair(cleanups, {
      idleTimeout: 100,
      readHighWaterMark: 8 * MiB,
    });
    transport.setReadBufferReuse(true);
    const writer = writeInPieces(peer, sent, writeSizes(sent.length, 256 * 1024, 6));
    const iterator = transport[Symbol.asyncIterator]();
    const first = await iterator.next();
    const firstCopy = Buffer.from(first.value as Uint8Array);
    await delay(350); // holding the chunk; the ring fills and reading pauses
    const { bytes, error } = await drain(iterator);
    await writer;
    expect(error).toBeUndefined();
    expect(sha256(Buffer.concat([firstCopy, bytes]))).toBe(sha256(sent));
  });

  it('breaking out of for-await destroys the transport and leaves nothing running', async () => {
    const server = await tcpServer((s) => s.pipe(s));
    cleanups.push(() => server.close());
    await delay(10);
    const before = activeResources();
    for (let i = 0; i < 3; i++) {
      const transport = await connectTcp({ host: '127.0.0.1', port: server.port }, { idleTimeout: 10_000 });
      transport.setReadBufferReuse(true);
      transport.write(randomBytes(300_000, i));
      let got = 0;
      for await (const chunk of transport) {
        got += chunk.length;
        if (got >= 100_000) break;
      }
      await transport.closed;
      expect(() => transport.write(Uint8Array.of(1))).toThrow();
    }
    expect(await settledResources(before)).toEqual({});
  });
});

describe('setReadBufferReuse where it cannot apply', () => {
  async function echoHeld(
    transport: Awaited<ReturnType<typeof connectTcp>>,
    pieces: Buffer[],
  ): Promise<Uint8Array[]> {
    const held: Uint8Array[] = [];
    const iterator = transport[Symbol.asyncIterator]();
    for (const piece of pieces) {
      transport.write(piece);
      for (let got = 0; got < piece.length; ) {
        const { value, done } = await iterator.next();
        if (done) throw new Error('ended early');
        held.push(value);
        got += value.length;
      }
    }
    return held;
  }

  it('TLS: returns false and the chunks stay stable', async () => {
    const { ca } = testCertificates();
    const server = await tlsServer((socket: TLSSocket) => socket.pipe(socket));
    cleanups.push(() => server.close());
    const transport = await connectTls({ host: '127.0.0.1', port: server.port }, { ca });
    cleanups.push(() => {
      transport.destroy();
      return transport.closed;
    });
    expect(transport.setReadBufferReuse(true)).toBe(false);
    const pieces = Array.from({ length: 8 }, (_, i) => randomBytes(200_000, 40 + i));
    const held = await echoHeld(transport, pieces);
    expect(sha256(Buffer.concat(held))).toBe(sha256(Buffer.concat(pieces)));
    expect(transport.setReadBufferReuse(false)).toBe(false);
  });

  it('SOCKS-tunnelled TCP: returns false and the chunks stay stable; plain TCP returns true', async () => {
    const echo = await echoServer();
    cleanups.push(() => echo.close());
    const proxy = await startSocksProxy();
    cleanups.push(() => proxy.close());
    const tunnelled = await connectTcp(
      { host: '127.0.0.1', port: echo.port },
      { proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } },
    );
    cleanups.push(() => {
      tunnelled.destroy();
      return tunnelled.closed;
    });
    expect(tunnelled.setReadBufferReuse(true)).toBe(false);
    const pieces = Array.from({ length: 8 }, (_, i) => randomBytes(200_000, 60 + i));
    const held = await echoHeld(tunnelled, pieces);
    expect(sha256(Buffer.concat(held))).toBe(sha256(Buffer.concat(pieces)));
    expect(proxy.requests[0]).toMatchObject({ version: 5, port: echo.port });

    const direct = await connectTcp({ host: '127.0.0.1', port: echo.port });
    cleanups.push(() => {
      direct.destroy();
      return direct.closed;
    });
    expect(direct.setReadBufferReuse(true)).toBe(true);
    expect(direct.setReadBufferReuse(false)).toBe(true);
  });
});
