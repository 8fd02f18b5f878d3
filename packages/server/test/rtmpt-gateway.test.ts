/**
 * RtmptGateway unit tests (protocol.md §7) against a scripted TCP upstream: session ids,
 * relaying both ways, sequence checks, held replies, interval bytes, HTTP pipelining (librtmp
 * sends requests without waiting), limits (sessions, body size, buffers), reaping, upstream loss
 * and clean shutdown.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtmptGateway, type RtmptGatewayOptions } from '../src/rtmpt/index.js';

interface Upstream {
  port: number;
  sockets: Socket[];
  received: () => Buffer;
  server: Server;
  close(): Promise<void>;
}

async function upstream(onSocket?: (s: Socket) => void): Promise<Upstream> {
  const sockets: Socket[] = [];
  const parts: Buffer[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', (d) => parts.push(d));
    s.on('error', () => undefined);
    onSocket?.(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    sockets,
    server,
    received: () => Buffer.concat(parts),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

let gateway: RtmptGateway | undefined;
let up: Upstream | undefined;
afterEach(async () => {
  await gateway?.close();
  await up?.close();
  gateway = undefined;
  up = undefined;
});

async function start(options: Partial<RtmptGatewayOptions> = {}, onSocket?: (s: Socket) => void) {
  up = await upstream(onSocket);
  gateway = await RtmptGateway.listen({ upstream: { host: '127.0.0.1', port: up.port }, ...options });
  return gateway;
}

async function post(path: string, body: Uint8Array = Uint8Array.of(0)) {
  const res = await fetch(`http://127.0.0.1:${gateway!.port}${path}`, {
    method: 'POST',
    body,
    headers: { 'Content-Type': 'application/x-fcs' },
  });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

async function open(): Promise<string> {
  const r = await post('/open/1');
  expect(r.status).toBe(200);
  expect(r.type).toBe('application/x-fcs');
  expect(r.body.at(-1)).toBe(0x0a); // id terminated by \n, as librtmp expects
  return r.body.toString('latin1').trim();
}

describe('RtmptGateway', () => {
  it('opens a session per /open/1 and relays bytes both ways', async () => {
    await start({}, (s) => s.on('data', (d) => s.write(Buffer.concat([Buffer.from('echo:'), d]))));
    const id = await open();
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(gateway!.sessionCount).toBe(1);
    const r = await post(`/send/${id}/0`, Buffer.from('hello'));
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/x-fcs');
    expect(r.body[0]).toBe(0x01); // data flows: interval 1
    expect(r.body.subarray(1).toString()).toBe('echo:hello');
    expect(up!.received().toString()).toBe('hello');
    const c = await post(`/close/${id}/1`);
    expect(c.status).toBe(200);
    expect(c.body.length).toBe(1);
    expect(gateway!.sessionCount).toBe(0);
    expect((await post(`/idle/${id}/2`)).status).toBe(404);
  });

  it('holds an empty reply until upstream data arrives (or holdMs passes)', async () => {
    await start({ holdMs: 300 });
    const id = await open();
    const t0 = performance.now();
    const pending = post(`/idle/${id}/0`);
    await new Promise((r) => setTimeout(r, 50));
    up!.sockets[0]?.write('late');
    const r = await pending;
    const waited = performance.now() - t0;
    expect(r.body.subarray(1).toString()).toBe('late');
    expect(waited).toBeLessThan(250);
    const t1 = performance.now();
    const empty = await post(`/idle/${id}/1`);
    expect(empty.body.length).toBe(1);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(280);
  });

  it('raises the interval byte while idle (holdMs 0)', async () => {
    await start({ holdMs: 0 });
    const id = await open();
    const bytes: number[] = [];
    for (let i = 0; i < 22; i++) bytes.push((await post(`/idle/${id}/${i}`)).body[0] as number);
    expect(bytes).toEqual([...Array(10).fill(1), ...Array(11).fill(2), 3]);
  });

  it('rejects replayed and skipped sequence numbers with 400, unless not strict', async () => {
    await start({ holdMs: 0 });
    const id = await open();
    expect((await post(`/idle/${id}/0`)).status).toBe(200);
    expect((await post(`/idle/${id}/0`)).status).toBe(400);
    expect((await post(`/idle/${id}/5`)).status).toBe(400);
    expect((await post(`/idle/${id}/1`)).status).toBe(200);
    await gateway!.close();
    await up!.close();
    await start({ holdMs: 0, strictSequence: false });
    const id2 = await open();
    expect((await post(`/idle/${id2}/3`)).status).toBe(200);
    expect((await post(`/idle/${id2}/9`)).status).toBe(200);
    expect((await post(`/idle/${id2}/9`)).status).toBe(400);
  });

  it('answers unknown sessions and paths 404, ident2 404, other methods 405', async () => {
    await start();
    expect((await post('/idle/nosuch/0')).status).toBe(404);
    expect((await post('/fcs/ident2')).status).toBe(404);
    expect((await post('/index.html')).status).toBe(404);
    const get = await fetch(`http://127.0.0.1:${gateway!.port}/open/1`);
    expect(get.status).toBe(405);
    await get.arrayBuffer();
  });

  it('answers 502 when the upstream refuses, 503 beyond maxSessions, 413 for big bodies', async () => {
    await start({ maxSessions: 1, maxRequestBytes: 1000 });
    const id = await open();
    expect((await post('/open/1')).status).toBe(503);
    const big = await post(`/send/${id}/0`, new Uint8Array(2000));
    expect(big.status).toBe(413);
    const port = up!.port;
    await gateway!.close();
    await up!.close();
    gateway = await RtmptGateway.listen({ upstream: { host: '127.0.0.1', port } });
    expect((await post('/open/1')).status).toBe(502);
  });

  it('serves pipelined requests in order (librtmp does not wait for replies)', async () => {
    await start({}, (s) => s.on('data', (d) => s.write(d)));
    const id = await open();
    const raw = connect(gateway!.port, '127.0.0.1');
    const head = (path: string, body: Buffer) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-fcs\r\nContent-Length: ${body.length}\r\n\r\n${body.toString('latin1')}`;
    raw.write(
      head(`/send/${id}/0`, Buffer.from('AAAA')) +
        head(`/idle/${id}/1`, Buffer.of(0)) +
        head(`/send/${id}/2`, Buffer.from('BB')),
    );
    let text = '';
    raw.on('data', (d) => {
      text += d.toString('latin1');
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`incomplete: ${text}`)), 3000);
      const check = setInterval(() => {
        if ((text.match(/HTTP\/1\.1 200 /g) ?? []).length === 3 && text.endsWith('BB')) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 5);
    });
    raw.destroy();
    expect(text.startsWith('HTTP/1.1 200 ')).toBe(true); // librtmp compares these 13 bytes
    expect(text).toMatch(/Content-Length: \d+/);
    // Three replies in request order, each led by its interval byte; a new request releases a
    // held reply, so the echoed bytes may ride on any later reply, but in order.
    const bodies = text.split(/HTTP\/1\.1 200 [\s\S]*?\r\n\r\n/).slice(1);
    expect(bodies.length).toBe(3);
    for (const b of bodies) expect(b.charCodeAt(0)).toBe(1);
    expect(bodies.map((b) => b.slice(1)).join('')).toBe('AAAABB');
  });

  it('pauses the upstream above maxPendingBytes and cuts replies at maxResponseBytes', async () => {
    const chunk = Buffer.alloc(64 * 1024, 1);
    let written = 0;
    await start({ maxPendingBytes: 256 * 1024, maxResponseBytes: 100 * 1024 }, (s) => {
      const pump = () => {
        while (written < 8 * 1024 * 1024 && s.write(chunk)) written += chunk.length;
        if (written < 8 * 1024 * 1024) s.once('drain', pump);
      };
      pump();
    });
    const id = await open();
    await new Promise((r) => setTimeout(r, 300));
    const first = await post(`/idle/${id}/0`);
    // At most maxResponseBytes, ended on the last 16383-byte window end it reaches (framing for
    // librtmp's receive buffer, see rtmpt-reply-framing.ts).
    expect(first.body.length - 1).toBeLessThanOrEqual(100 * 1024);
    expect(first.body.length - 1).toBeGreaterThan(100 * 1024 - 16383);
    expect(written).toBeLessThan(8 * 1024 * 1024); // the upstream was held back
    let got = first.body.length - 1;
    for (let seq = 1; got < 1024 * 1024; seq++) got += (await post(`/idle/${id}/${seq}`)).body.length - 1;
    expect(got).toBeGreaterThanOrEqual(1024 * 1024);
  });

  it('delivers what the upstream sent before it closed, then 404', async () => {
    await start({ holdMs: 0 }, (s) => s.end('bye'));
    const id = await open();
    await new Promise((r) => setTimeout(r, 50));
    const r = await post(`/idle/${id}/0`);
    expect(r.body.subarray(1).toString()).toBe('bye');
    expect((await post(`/idle/${id}/1`)).status).toBe(404);
    expect(gateway!.sessionCount).toBe(0);
  });

  it('reaps sessions without requests and closes their upstream', async () => {
    await start({ sessionTimeoutMs: 100 });
    await open();
    expect(gateway!.sessionCount).toBe(1);
    const closed = new Promise<void>((r) => up!.sockets[0]?.on('close', () => r()));
    await new Promise((r) => setTimeout(r, 400));
    expect(gateway!.sessionCount).toBe(0);
    expect(gateway!.stats.sessionsReaped).toBe(1);
    await closed;
  });

  it('shuts down cleanly with a reply held and sessions open', async () => {
    await start({ holdMs: 5000 });
    const id = await open();
    const held = post(`/idle/${id}/0`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 50));
    const upClosed = new Promise<void>((r) => up!.sockets[0]?.on('close', () => r()));
    const t0 = performance.now();
    await gateway!.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await upClosed;
    await held;
    expect(gateway!.sessionCount).toBe(0);
  });

  it('holds send replies while the upstream does not read (back-pressure to the client)', async () => {
    let upSocket: Socket | undefined;
    await start({ maxPendingBytes: 256 * 1024 }, (s) => {
      upSocket = s;
      s.pause();
    });
    const id = await open();
    const body = new Uint8Array(512 * 1024);
    let delayed: Promise<unknown> | undefined;
    let seq = 0;
    for (; seq < 64 && delayed === undefined; seq++) {
      const reply = post(`/send/${id}/${seq}`, body);
      const quick = await Promise.race([
        reply.then(() => true),
        new Promise((r) => setTimeout(() => r(false), 300)),
      ]);
      if (!quick) delayed = reply;
    }
    expect(delayed).toBeDefined(); // the kernel buffers filled up and the gateway stopped answering
    upSocket?.resume();
    const r = (await delayed) as { status: number };
    expect(r.status).toBe(200);
    await waitUntil(() => up!.received().length === seq * body.length);
  });

  it('drops a session whose upstream falls more than 4 × maxPendingBytes behind (503)', async () => {
    await start({ maxPendingBytes: 64 * 1024, strictSequence: false }, (s) => s.pause());
    const id = await open();
    const statuses: number[] = [];
    const replies: Promise<unknown>[] = [];
    for (let seq = 0; seq < 200 && !statuses.includes(503); seq++) {
      // A reply held for back-pressure is fine: go on with the next request.
      const reply = post(`/send/${id}/${seq}`, new Uint8Array(512 * 1024)).then((r) =>
        statuses.push(r.status),
      );
      replies.push(reply);
      await Promise.race([reply, new Promise((r) => setTimeout(r, 200))]);
    }
    expect(statuses).toContain(503);
    expect(gateway!.sessionCount).toBe(0);
    await Promise.all(replies); // held replies were answered when the session was dropped
  });
});

async function waitUntil(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
