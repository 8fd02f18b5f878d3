// fast-check over real loopback sockets: whatever chunk sizes the peer writes, whatever read
// high-water mark and consumer pace we pick, the consumer gets exactly the peer's bytes in
// order; a peer FIN ends the iterator cleanly, a peer RST gives a prefix and a typed
// TRANSPORT_CONNECTION_RESET. Bounded runs (RTMP_SLOW=1 for many more).
import { RtmpError } from '@rtmp/core';
import { connectTcp } from '@rtmp/transport-tcp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delay, tcpServer } from './support/servers.js';

const slow = process.env.RTMP_SLOW === '1';

function pattern(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (i * 131 + seed * 7 + (i >> 9)) & 0xff;
  return out;
}

describe('SocketTransport over loopback (property)', () => {
  it('delivers exactly the peer bytes for any chunking, mark and pace', async () => {
    const server = await tcpServer();
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 12 }),
          fc.integer({ min: 1, max: 200_000 }),
          fc.array(fc.constantFrom(0, 0, 0, 1, 5), { minLength: 1, maxLength: 8 }),
          fc.constantFrom<'end' | 'reset'>('end', 'end', 'reset'),
          async (sizes, mark, pace, ending) => {
            const accepted = server.accepted();
            const transport = await connectTcp(
              { host: '127.0.0.1', port: server.port },
              { readHighWaterMark: mark, idleTimeout: 5_000 },
            );
            const peer = await accepted;
            const sent = Buffer.concat(sizes.map((size, i) => pattern(size, i)));
            const writer = (async () => {
              let offset = 0;
              for (const size of sizes) {
                const ok = peer.write(sent.subarray(offset, offset + size));
                offset += size;
                if (!ok) await new Promise((resolve) => peer.once('drain', resolve));
              }
              if (ending === 'end') peer.end();
              else {
                await delay(5);
                peer.resetAndDestroy();
              }
            })();
            const got: Buffer[] = [];
            let error: unknown;
            let reads = 0;
            let maxQueued = 0;
            try {
              for await (const chunk of transport) {
                got.push(Buffer.from(chunk));
                maxQueued = Math.max(maxQueued, transport.bufferedBytes);
                const wait = pace[reads++ % pace.length] as number;
                if (wait) await delay(wait);
              }
            } catch (e) {
              error = e;
            }
            await writer;
            await transport.closed;
            const received = Buffer.concat(got);
            // One read may land above the mark before the pause takes effect. Plain TCP reads go
            // through ReadBufferPool, which offers one read at most maxRead bytes: the mark clamped
            // to 16 KiB..256 KiB (read-buffer-pool.ts), no longer Node's 64 KiB stream reads.
            expect(maxQueued).toBeLessThanOrEqual(mark + Math.min(256 * 1024, Math.max(16 * 1024, mark)));
            if (ending === 'end') {
              expect(error).toBeUndefined();
              expect(received.equals(sent)).toBe(true);
            } else {
              expect(received.equals(sent.subarray(0, received.length))).toBe(true);
              expect(RtmpError.hasCode(error, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
            }
          },
        ),
        { numRuns: slow ? 400 : 25 },
      );
    } finally {
      await server.close();
    }
  });
});
