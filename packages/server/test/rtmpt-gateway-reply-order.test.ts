/**
 * RtmptGateway reply order (protocol.md §7): the server→client bytes of one session are handed
 * out to replies in request (sequence number) order, because clients consume replies in that order
 * (librtmp, FFmpeg). A `/send` whose reply waits for the upstream to drain (back-pressure: more
 * than `maxPendingBytes` unsent upstream) keeps its place: later requests of the session, on
 * another connection or pipelined on the same one, wait behind it instead of taking the bytes that
 * arrive meanwhile.
 *
 * Back-pressure is engaged for certain without reaching into the gateway: the upstream never reads
 * until told to, and one `/send` carries 15 MiB, more than the 4 MiB `maxPendingBytes` plus every
 * byte the kernel can absorb on a fresh loopback connection whose receiver does not read (send
 * buffer ≤ tcp_wmem max, 4 MiB by default, plus the receiver's initial window), and less than the
 * 16 MiB (4 × maxPendingBytes) that drops the session.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtmptGateway, type RtmptGatewayOptions } from '../src/rtmpt/index.js';

const MiB = 1024 * 1024;
const BIG = 15 * MiB;

/** An upstream that reads nothing until `resume()`; `socket()` is the gateway's connection. */
interface StalledUpstream {
  port: number;
  server: Server;
  socket: () => Promise<Socket>;
  received: () => number;
  close(): Promise<void>;
}

async function stalledUpstream(): Promise<StalledUpstream> {
  const sockets: Socket[] = [];
  let received = 0;
  let connected: (s: Socket) => void = () => undefined;
  const first = new Promise<Socket>((r) => {
    connected = r;
  });
  const server = createServer((s) => {
    sockets.push(s);
    s.pause();
    s.on('data', (d: Buffer) => {
      received += d.length;
    });
    s.on('error', () => undefined);
    connected(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    server,
    socket: () => first,
    received: () => received,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let gateway: RtmptGateway | undefined;
let up: StalledUpstream | undefined;
afterEach(async () => {
  await gateway?.close();
  await up?.close();
  gateway = undefined;
  up = undefined;
});

/** Resolves once the gateway has read (and handled, synchronously after `trace`) a request. */
type Handled = (url: string) => Promise<void>;

async function start(options: Partial<RtmptGatewayOptions> = {}): Promise<Handled> {
  up = await stalledUpstream();
  const seen = new Set<string>();
  const waiting = new Map<string, () => void>();
  gateway = await RtmptGateway.listen({
    upstream: { host: '127.0.0.1', port: up.port },
    maxRequestBytes: 16 * MiB,
    ...options,
    trace: (event) => {
      seen.add(event.url);
      waiting.get(event.url)?.();
    },
  });
  // `trace` runs just before the request is handled: a promise resolved there continues after.
  return (url) => (seen.has(url) ? Promise.resolve() : new Promise<void>((r) => waiting.set(url, () => r())));
}

interface Reply {
  status: number;
  body: Buffer;
}

async function post(path: string, body: Uint8Array = Uint8Array.of(0)): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${gateway!.port}${path}`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-fcs' },
  });
  return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
}

async function open(): Promise<string> {
  const r = await post('/open/1');
  expect(r.status).toBe(200);
  return r.body.toString('latin1').trim();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** RTMP bytes of replies in request order: each body without its interval byte. */
const rtmpBytes = (replies: Reply[]) => Buffer.concat(replies.map((r) => r.body.subarray(1))).toString();

function settled(p: Promise<unknown>): () => boolean {
  let done = false;
  p.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  return () => done;
}

describe('RtmptGateway reply order', () => {
  it('a /send waiting for back-pressure keeps its place before a later /idle on another connection', async () => {
    const handled = await start({ holdMs: 200 });
    const id = await open();
    const upstream = await up!.socket();
    const send0 = post(`/send/${id}/0`, new Uint8Array(BIG));
    await handled(`/send/${id}/0`);
    const send0Done = settled(send0);
    const idle1 = post(`/idle/${id}/1`);
    await handled(`/idle/${id}/1`);
    // The first server→client bytes arrive while the /send waits for the upstream to drain.
    upstream.write('first;');
    await Promise.race([idle1, sleep(300)]);
    expect(send0Done()).toBe(false); // back-pressure engaged: the /send reply is still waiting
    // Then more bytes, and the upstream reads again: the /send reply goes out.
    upstream.write('second;');
    upstream.resume();
    const replies = await Promise.all([send0, idle1]);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    // Consumed in request order, the bytes come out in the order the upstream sent them.
    expect(rtmpBytes(replies)).toBe('first;second;');
    await waitUntil(() => up!.received() === BIG);
  });

  it('keeps the order of replies pipelined on one connection too (bytes are taken when answered)', async () => {
    const handled = await start({ holdMs: 200 });
    const id = await open();
    const upstream = await up!.socket();
    const raw = connect(gateway!.port, '127.0.0.1');
    raw.on('error', () => undefined);
    const head = (path: string, length: number) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-fcs\r\nContent-Length: ${length}\r\n\r\n`;
    raw.write(head(`/send/${id}/0`, BIG));
    raw.write(new Uint8Array(BIG));
    raw.write(`${head(`/idle/${id}/1`, 1)}\0`);
    const replies = readReplies(raw, 2);
    await handled(`/idle/${id}/1`);
    upstream.write('first;');
    await sleep(300);
    upstream.write('second;');
    upstream.resume();
    const [r0, r1] = await replies;
    raw.destroy();
    expect([r0?.status, r1?.status]).toEqual([200, 200]);
    expect(rtmpBytes([r0!, r1!])).toBe('first;second;');
  });

  it('still closes a session whose upstream stays stalled, answering its queued replies in order', async () => {
    const handled = await start({ holdMs: 200, sessionTimeoutMs: 1000 });
    const id = await open();
    const upstream = await up!.socket();
    const upstreamClosed = new Promise<void>((r) => upstream.on('close', () => r()));
    const send0 = post(`/send/${id}/0`, new Uint8Array(BIG));
    await handled(`/send/${id}/0`);
    const idle1 = post(`/idle/${id}/1`);
    await handled(`/idle/${id}/1`);
    upstream.write('first;');
    // No more requests and no drain: the session is reaped after sessionTimeoutMs as before.
    const t0 = performance.now();
    const replies = await Promise.all([send0, idle1]);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(replies.map((r) => r.status)).toEqual([200, 404]);
    expect(rtmpBytes(replies.slice(0, 1))).toBe('first;');
    expect(gateway!.stats.sessionsReaped).toBe(1);
    expect(gateway!.sessionCount).toBe(0);
    upstream.resume(); // a paused socket sees neither the end nor the close
    await upstreamClosed;
  });

  it('drops a session with more than maxQueuedReplies unanswered requests (503)', async () => {
    const handled = await start({ holdMs: 200, maxQueuedReplies: 2 });
    const id = await open();
    const send0 = post(`/send/${id}/0`, new Uint8Array(BIG));
    await handled(`/send/${id}/0`);
    const idle1 = post(`/idle/${id}/1`);
    await handled(`/idle/${id}/1`);
    const idle2 = await post(`/idle/${id}/2`);
    expect(idle2.status).toBe(503);
    expect(gateway!.sessionCount).toBe(0);
    // The queued replies were answered when the session was dropped.
    expect((await Promise.all([send0, idle1])).map((r) => r.status)).toEqual([404, 404]);
  });
});

/** Reads `count` HTTP responses (Content-Length framed) from a raw connection. */
function readReplies(socket: Socket, count: number): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const replies: Reply[] = [];
    const timer = setTimeout(() => reject(new Error(`only ${replies.length} replies`)), 10_000);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      for (;;) {
        const end = data.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headText = data.subarray(0, end).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(headText)?.[1] ?? 0);
        if (data.length < end + 4 + length) return;
        const status = Number(headText.slice(9, 12));
        replies.push({ status, body: Buffer.from(data.subarray(end + 4, end + 4 + length)) });
        data = data.subarray(end + 4 + length);
        if (replies.length === count) {
          clearTimeout(timer);
          resolve(replies);
          return;
        }
      }
    });
  });
}

async function waitUntil(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(10);
  }
}
