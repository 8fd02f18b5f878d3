// Test support for the read-buffer reuse tests: a connectTcp transport and the server side of
// the same loopback connection, seeded pseudo-random bytes, and a peer writer that sends in
// random-size writes while honouring its socket's backpressure.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { connectTcp, type SocketTransport } from '@rtmp/transport-tcp';
import { type TestServer, tcpServer } from './servers.js';

export type Cleanups = Array<() => Promise<void> | void>;

/** A transport connected to a fresh loopback server, and the accepted socket (the peer). */
export async function loopbackPair(
  cleanups: Cleanups,
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

/** xorshift32: deterministic sizes and bytes, so a failure reproduces. */
export function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** `length` pseudo-random bytes (a word at a time: tens of MiB are made quickly). */
export function randomBytes(length: number, seed: number): Buffer {
  const next = xorshift(seed);
  const words = new Uint32Array(Math.ceil(length / 4));
  for (let i = 0; i < words.length; i++) words[i] = next();
  return Buffer.from(words.buffer, 0, length);
}

/** Random write sizes (1..maxWrite) covering exactly `total` bytes. */
export function writeSizes(total: number, maxWrite: number, seed: number): number[] {
  const next = xorshift(seed);
  const sizes: number[] = [];
  for (let left = total; left > 0; ) {
    const size = Math.min(left, 1 + (next() % maxWrite));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Writes `bytes` in pieces of `sizes`, waiting for 'drain' when the socket says no. Resolves with
 * whether any write was refused (the peer felt backpressure); `end` sends FIN afterwards.
 */
export async function writeInPieces(
  peer: Socket,
  bytes: Uint8Array,
  sizes: readonly number[],
  end = true,
): Promise<boolean> {
  let refused = false;
  let offset = 0;
  for (const size of sizes) {
    const ok = peer.write(bytes.subarray(offset, offset + size));
    offset += size;
    if (!ok) {
      refused = true;
      await new Promise((resolve) => peer.once('drain', resolve));
    }
  }
  if (end) peer.end();
  return refused;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
