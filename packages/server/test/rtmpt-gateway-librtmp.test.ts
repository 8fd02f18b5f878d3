/**
 * RtmptGateway against a scripted client that reads like librtmp 2.4 (protocol.md §7; see
 * support/librtmp-rtmpt-client.ts): 16383 usable bytes of receive buffer, refilled from its start
 * only when empty, reply headers parsed in place, and a read into a full buffer taken for the end
 * of the connection. A download where the client falls behind and posts a `/send` (an RTMP
 * acknowledgement) in the middle of a long reply is the pattern that made rtmpdump end early about
 * once in 15 long downloads: the reply to that send followed the long one on the connection, and
 * when its header began in the last bytes of a full buffer, librtmp gave up.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtmptGateway } from '../src/rtmpt/index.js';
import { LIBRTMP_WINDOW, LibrtmpRtmptClient } from './support/librtmp-rtmpt-client.js';

const pattern = (i: number) => (i * 31 + (i >>> 11)) & 0xff;

interface Upstream {
  port: number;
  server: Server;
  sockets: Socket[];
}

/** An upstream that writes `total` pattern bytes as soon as it is connected and ignores input. */
async function streamingUpstream(total: number): Promise<Upstream> {
  const sockets: Socket[] = [];
  const data = Buffer.alloc(total);
  for (let i = 0; i < total; i++) data[i] = pattern(i);
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    s.resume();
    s.write(data);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

/**
 * An upstream that writes `initial` pattern bytes at once, then a burst of 0–`burst` bytes for
 * every 5 bytes it receives (an acknowledgement: like nginx-rtmp sending on as they come in).
 */
async function ackPacedUpstream(initial: number, burst: number, seed: number): Promise<Upstream> {
  const sockets: Socket[] = [];
  let random = seed;
  const next = () => {
    random = (Math.imul(random, 1103515245) + 12345) >>> 0;
    return random >>> 8;
  };
  const server = createServer((s) => {
    sockets.push(s);
    let sent = 0;
    const write = (n: number) => {
      const b = Buffer.alloc(n);
      for (let i = 0; i < n; i++) b[i] = pattern(sent + i);
      sent += n;
      s.write(b);
    };
    s.on('error', () => undefined);
    let acks = 0;
    s.on('data', (d: Buffer) => {
      // One burst per 5-byte acknowledgement, however TCP grouped them.
      acks += d.length;
      for (; acks >= 5; acks -= 5) write(next() % (burst + 1));
    });
    write(initial);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, server, sockets };
}

let gateway: RtmptGateway | undefined;
let upstream: Upstream | undefined;
afterEach(async () => {
  await gateway?.close();
  for (const s of upstream?.sockets ?? []) s.destroy();
  await new Promise<void>((r) => (upstream ? upstream.server.close(() => r()) : r()));
  gateway = undefined;
  upstream = undefined;
});

interface Download {
  received: number;
  intact: boolean;
  client: LibrtmpRtmptClient;
}

/** Downloads `total` bytes like rtmpdump: reads in small pieces, an ack `/send` every `ackEvery` bytes. */
async function download(
  maxResponseBytes: number,
  total: number,
  ackEvery: number,
  options: {
    source?: () => Promise<Upstream>;
    librtmpSafe?: boolean;
    readCap?: (space: number) => number;
  } = {},
): Promise<Download> {
  upstream = await (options.source ?? (() => streamingUpstream(total)))();
  gateway = await RtmptGateway.listen({
    upstream: { host: '127.0.0.1', port: upstream.port },
    maxResponseBytes,
    librtmpSafe: options.librtmpSafe ?? false,
  });
  const client = await LibrtmpRtmptClient.open(gateway.port, { readCap: options.readCap });
  // Let the gateway buffer the whole stream, so the client is behind from the first reply on.
  await new Promise((r) => setTimeout(r, 150));
  let received = 0;
  let intact = true;
  let nextAck = ackEvery;
  while (received < total) {
    const piece = await client.readN(Math.min(1024, total - received));
    if (piece === null) break;
    for (let i = 0; i < piece.length; i++) intact &&= piece[i] === pattern(received + i);
    received += piece.length;
    for (; received >= nextAck; nextAck += ackEvery) client.post('send', Uint8Array.of(0xc2, 0, 0, 0, 0));
  }
  client.close();
  return { received, intact, client };
}

describe('RtmptGateway with a client that reads like librtmp', () => {
  it('a reply following a long one never starts in the last bytes of the client buffer', async () => {
    // Replies of 65320 bytes: with the old framing (161-byte header + interval byte), the reply to
    // the first pipelined send began 50 bytes before the end of the client's fourth buffer fill,
    // so its header could not be completed and the client read into a full buffer and gave up.
    const total = 2 * 1024 * 1024;
    const { received, intact, client } = await download(65320, total, 24_000);
    expect(client.stats.zeroSpaceReads).toBe(0);
    expect(received).toBe(total);
    expect(intact).toBe(true);
    // The /idle reply (head as Node writes it, interval byte, body) ends exactly on a window end.
    const [, idleHead, nextHead] = client.stats.headerOffsets as [number, number, number];
    expect((nextHead - idleHead) % LIBRTMP_WINDOW).toBe(0);
    expect(nextHead - idleHead).toBeGreaterThan(65320 - LIBRTMP_WINDOW);
    // The pattern that failed did happen: sends posted in the middle of long replies, whose
    // replies were queued behind them while the client was still reading.
    expect(client.stats.pipelined).toBeGreaterThan(40);
    // Every reply head began at the start of a buffer window or with room for a whole head.
    const starts = client.stats.windowStarts;
    for (const h of client.stats.headerOffsets) {
      const into = h - (starts.filter((s) => s <= h).at(-1) as number);
      expect(into === 0 || into <= LIBRTMP_WINDOW - 512, `head ${into} bytes into a window`).toBe(true);
    }
  });

  it.each([
    [20_000, 7_000],
    [40_000, 40_000],
    [100_000, 30_000],
    [300_000, 500_000],
    [1024 * 1024, 500_000],
  ])('downloads whole with maxResponseBytes %i and an ack every %i bytes', async (max, ackEvery) => {
    const total = 3 * 1024 * 1024;
    const { received, intact, client } = await download(max, total, ackEvery);
    expect(client.stats.zeroSpaceReads).toBe(0);
    expect(received).toBe(total);
    expect(intact).toBe(true);
  });

  it.each([1, 2, 3])('stays whole while short replies pile up behind a long one (seed %i)', async (seed) => {
    // The client is 128 KiB behind, acknowledges every 1500 bytes, and each acknowledgement
    // brings 0–6000 more bytes: many short replies queue up in the client's buffer.
    const total = 768 * 1024;
    const { received, intact, client } = await download(1024 * 1024, total, 1500, {
      source: () => ackPacedUpstream(128 * 1024, 6000, seed),
    });
    expect(client.stats.zeroSpaceReads).toBe(0);
    expect(received).toBe(total);
    expect(intact).toBe(true);
    expect(client.stats.pipelined).toBeGreaterThan(100);
  });

  // One read cut short in the first long reply (as when the network has delivered only 100 more
  // bytes of it) moves every later buffer window of the client by 100 bytes: the window ends the
  // default framing aims at now lie 100 bytes before the client's. The default framing cannot see
  // that (README, "Known issue"); librtmpSafe does not depend on it.
  const shortFirstRead = () => {
    let reads = 0;
    // Read 1 takes the /open reply, read 2 the first window of the /idle reply, read 3 refills
    // the emptied buffer in the middle of its body.
    return (space: number) => (++reads === 3 ? 100 : space);
  };

  it('default framing: a read cut short where it cannot see it still loses the client (known issue)', async () => {
    const total = 1024 * 1024;
    const { received, client } = await download(1024 * 1024, total, 20_000, { readCap: shortFirstRead() });
    expect(client.stats.zeroSpaceReads).toBe(1);
    expect(received).toBeLessThan(total);
  });

  it('librtmpSafe: the same download stays whole', async () => {
    const total = 1024 * 1024;
    const { received, intact, client } = await download(1024 * 1024, total, 20_000, {
      librtmpSafe: true,
      readCap: shortFirstRead(),
    });
    expect(client.stats.zeroSpaceReads).toBe(0);
    expect(received).toBe(total);
    expect(intact).toBe(true);
    expect(client.stats.pipelined).toBeGreaterThan(40);
  });

  it.each([1, 2, 3])(
    'librtmpSafe: stays whole when reads end anywhere (partial deliveries, seed %i)',
    async (seed) => {
      // A quarter of the reads stop short at a random length: the client's buffer restarts at
      // places the gateway cannot know. Every reply stays within the buffer, head included, so the
      // head of the reply to a send posted in the middle of a reply always fits.
      let random = seed;
      const readCap = (space: number) => {
        random = (Math.imul(random, 1103515245) + 12345) >>> 0;
        return (random >>> 8) % 4 === 0 ? 1 + ((random >>> 12) % space) : space;
      };
      const total = 1024 * 1024;
      const { received, intact, client } = await download(1024 * 1024, total, 20_000, {
        librtmpSafe: true,
        readCap,
      });
      expect(client.stats.zeroSpaceReads).toBe(0);
      expect(received).toBe(total);
      expect(intact).toBe(true);
      expect(client.stats.windowStarts.length).toBeGreaterThan(total / LIBRTMP_WINDOW);
    },
  );
});
