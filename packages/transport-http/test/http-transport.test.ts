/**
 * The RTMPT client transport against a scripted HTTP server (protocol.md §7): the request
 * sequence (open/1, send/idle/close with one counter from 0), headers, batching of writes into
 * one POST, the interval byte stripped from every reply, back-pressure both ways, the ident2
 * probe, and idle pacing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { connectHttpTransport } from './exports.js';
import {
  collect,
  countingTimers,
  echoHandler,
  fcs,
  type ScriptedServer,
  scriptedServer,
  waitFor,
} from './helpers.js';

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('HttpTransport request sequence', () => {
  it('opens, sends, polls and closes like librtmp and FFmpeg', async () => {
    server = await scriptedServer(echoHandler('sess42'));
    const timers = countingTimers();
    const t = await connectHttpTransport(server.url, { timers });
    expect(t.sessionId).toBe('sess42');
    expect(t.kind).toBe('http');
    t.write(bytes(3, 1, 2, 3));
    const { bytes: got } = await collect(t, 4);
    expect([...got]).toEqual([3, 1, 2, 3]);
    await t.end();
    expect(timers.pending()).toBe(0);
    await waitFor(() => server!.inFlight() === 0);
    const urls = server.seen.map((r) => r.url);
    expect(urls[0]).toBe('/open/1');
    expect(urls[1]).toBe('/send/sess42/0');
    expect(urls.at(-1)).toMatch(/^\/close\/sess42\/\d+$/);
    // One counter, +1 per request after open.
    expect(urls.slice(1).map((u) => Number(u.split('/')[3]))).toEqual(urls.slice(1).map((_, i) => i));
    for (const r of server.seen) {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/x-fcs');
      expect(r.headers['cache-control']).toBe('no-cache');
      if (!r.url.startsWith('/send/')) expect([...r.body]).toEqual([0]);
    }
    expect([...(server.seen[1]?.body ?? [])]).toEqual([3, 1, 2, 3]);
  });

  it('reuses kept-alive HTTP connections across the session', async () => {
    server = await scriptedServer(echoHandler('k1'));
    const t = await connectHttpTransport(server.url);
    for (let i = 0; i < 20; i++) {
      t.write(Uint8Array.of(i));
      const it = t[Symbol.asyncIterator]();
      expect([...((await it.next()).value as Uint8Array)]).toEqual([i]);
    }
    await t.end();
    expect(server.seen.length).toBeGreaterThanOrEqual(22);
    // undici releases a socket a tick after the body ends, so a second one may open.
    expect(server.connections()).toBeLessThanOrEqual(3);
  });

  it('sends the Flash Player ident2 probe only when asked, and ignores its 404', async () => {
    server = await scriptedServer((req, res) => {
      if (req.url === '/fcs/ident2') return res.writeHead(404).end();
      echoHandler('x1')(req, res);
    });
    const plain = await connectHttpTransport(server.url);
    plain.destroy();
    await plain.closed;
    expect(server.seen[0]?.url).toBe('/open/1');
    server.seen.length = 0;
    const probed = await connectHttpTransport(server.url, { probeIdent: true, userAgent: 'Shockwave Flash' });
    probed.destroy();
    await probed.closed;
    expect(server.seen.map((r) => r.url).slice(0, 2)).toEqual(['/fcs/ident2', '/open/1']);
    expect([...(server.seen[0]?.body ?? [])]).toEqual([0]);
    expect(server.seen[0]?.headers['user-agent']).toBe('Shockwave Flash');
  });

  it('batches many writes into one POST and splits at maxPostBytes', async () => {
    server = await scriptedServer(echoHandler());
    const t = await connectHttpTransport(server.url, { maxPostBytes: 1000 });
    for (let i = 0; i < 100; i++) t.write(new Uint8Array(25).fill(i));
    const { bytes: got } = await collect(t, 2500);
    expect(got.length).toBe(2500);
    for (let i = 0; i < 100; i++) expect(got[i * 25]).toBe(i);
    const sends = server.seen.filter((r) => r.url.startsWith('/send/'));
    expect(sends.map((r) => r.body.length)).toEqual([1000, 1000, 500]);
    await t.closed;
  });

  it('reports write back-pressure and drains once the POST is taken', async () => {
    server = await scriptedServer(echoHandler());
    const t = await connectHttpTransport(server.url, { writeHighWaterMark: 100 });
    expect(t.write(new Uint8Array(50))).toBe(true);
    expect(t.write(new Uint8Array(60))).toBe(false);
    await t.drain();
    const { bytes: got } = await collect(t, 110);
    expect(got.length).toBe(110);
    await t.closed;
    expect(t.write(new Uint8Array(1))).toBe(false); // after close: refused, no throw
    await t.drain();
  });

  it('stops polling while the reader lags behind readHighWaterMark', async () => {
    let idles = 0;
    server = await scriptedServer((req, res) => {
      if (req.url === '/open/1') return fcs(res, 'r1\n');
      if (req.url.startsWith('/idle/') || req.url.startsWith('/send/')) idles++;
      fcs(res, Buffer.concat([Buffer.of(1), Buffer.alloc(100, 7)]));
    });
    const t = await connectHttpTransport(server.url, { readHighWaterMark: 150 });
    t.write(bytes(1));
    await waitFor(() => idles >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(idles).toBe(2); // 200 bytes queued > 150: no more polls
    const it = t[Symbol.asyncIterator]();
    await it.next();
    await it.next(); // reader caught up: polling resumes
    await waitFor(() => idles >= 3);
    t.destroy();
    await t.closed;
  });

  it('backs off idle polls while replies are empty and follows the interval byte', async () => {
    const times: number[] = [];
    let interval = 1;
    server = await scriptedServer((req, res) => {
      if (req.url === '/open/1') return fcs(res, 'p1\n');
      if (req.url.startsWith('/close/')) return fcs(res, bytes(0));
      times.push(performance.now());
      fcs(res, bytes(interval));
    });
    const t = await connectHttpTransport(server.url, { poll: { unitMs: 20, initialBackoffMs: 5 } });
    t.write(bytes(1));
    await waitFor(() => times.length >= 8);
    interval = 5; // hint ceiling 100 ms
    const mark = times.length;
    await waitFor(() => times.length >= mark + 4);
    t.destroy();
    await t.closed;
    const gaps = times.slice(1).map((x, i) => x - (times[i] as number));
    // 5, 10, then capped at 1 × 20 ms ... (medians: the machine is shared and noisy)
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    expect(median(gaps.slice(3, 7))).toBeGreaterThanOrEqual(18);
    expect(median(gaps.slice(3, 7))).toBeLessThan(60);
    // ... then at 5 × 20 ms once the server raises its interval byte.
    const late = gaps.slice(mark + 1);
    for (const g of late) expect(g).toBeGreaterThanOrEqual(90);
  });

  it('ends the iterator without error after destroy() with no reason, and tells the server', async () => {
    server = await scriptedServer(echoHandler('d1'));
    const t = await connectHttpTransport(server.url);
    const reading = collect(t);
    t.destroy();
    expect((await reading).error).toBeUndefined();
    await t.closed;
    expect(server.seen.at(-1)?.url).toMatch(/^\/close\/d1\//);
  });

  it('throws the destroy() reason from the iterator', async () => {
    server = await scriptedServer(echoHandler());
    const t = await connectHttpTransport(server.url);
    const reason = new Error('stop');
    const reading = collect(t);
    t.destroy(reason);
    expect((await reading).error).toBe(reason);
  });
});
