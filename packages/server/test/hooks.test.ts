// Hooks and fault injection: refuse, delay or drop connect/play/publish; dropAfterBytes and
// dropConnection; protocol garbage, silent sockets and connection limits end one connection with
// a warning and never the server; close() releases everything; handshakes plain/digest/RTMPE.
import { mkdtempSync, rmSync } from 'node:fs';
import { type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type RtmpConnection } from '@rtmp/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRtmpServer,
  type RtmpServer,
  type RtmpServerOptions,
  type ServerWarning,
} from '../src/index.js';
import { writeSyntheticFlv } from './support/make-flv.js';

let dir: string;
const servers: RtmpServer[] = [];
const open: RtmpConnection[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtmp-server-hooks-'));
  writeSyntheticFlv(join(dir, 'clip.flv'), { seconds: 3 });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function start(options: RtmpServerOptions = {}) {
  const server = createRtmpServer({ root: dir, ...options });
  servers.push(server);
  const warnings: ServerWarning[] = [];
  server.on('warning', (w) => warnings.push(w));
  const address = await server.listen();
  return { server, warnings, port: address.port, url: `rtmp://127.0.0.1:${address.port}/vod` };
}

async function dial(url: string, options: Parameters<typeof connect>[1] = {}): Promise<RtmpConnection> {
  const c = await connect(url, options);
  open.push(c);
  return c;
}

async function countVideo(connection: RtmpConnection, name = 'clip', bufferMs?: number): Promise<number> {
  let n = 0;
  for await (const e of await connection.play(name, bufferMs ? { bufferMs } : {}))
    if (e.type === 'video') n++;
  return n;
}

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = tcpConnect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
}
const closedPromise = (s: Socket) => new Promise<void>((resolve) => s.once('close', () => resolve()));

describe('hooks', () => {
  it('onConnect refusal reaches the client as CLIENT_CONNECT_REJECTED with the description', async () => {
    const seen: string[] = [];
    const { url } = await start({
      onConnect: (info) => {
        seen.push(`${info.app} ${info.params.tcUrl}`);
        return { reject: 'no entry today' };
      },
    });
    await expect(dial(url)).rejects.toMatchObject({
      code: 'CLIENT_CONNECT_REJECTED',
      status: { code: 'NetConnection.Connect.Rejected', description: 'no entry today' },
    });
    expect(seen).toEqual([`vod ${url}`]);
  });

  it('onConnect may delay the answer with a promise', async () => {
    const { url } = await start({ onConnect: () => new Promise((r) => setTimeout(() => r(true), 300)) });
    const t0 = performance.now();
    const connection = await dial(url);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(await countVideo(connection)).toBe(76);
  });

  it('onConnect {drop} closes the connection without an answer', async () => {
    const { url, warnings } = await start({ onConnect: () => ({ drop: true }) });
    await expect(dial(url)).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    expect(warnings.map((w) => w.code)).toContain('SERVER_DROPPED');
  });

  it('a throwing hook refuses with a warning and the server goes on', async () => {
    let calls = 0;
    const { url, warnings } = await start({
      onConnect: () => {
        if (calls++ === 0) throw new Error('boom');
        return undefined;
      },
    });
    await expect(dial(url)).rejects.toMatchObject({ code: 'CLIENT_CONNECT_REJECTED' });
    expect(warnings.map((w) => w.code)).toContain('SERVER_HOOK_FAILED');
    expect(await countVideo(await dial(url))).toBe(76);
  });

  it('onPlay and onPublish can refuse with their own code and description', async () => {
    const { url } = await start({
      onPlay: (info) => (info.name === 'clip' ? undefined : { reject: `not ${info.name}` }),
      onPublish: () => ({ reject: 'read-only', code: 'NetStream.Publish.Denied' }),
    });
    const connection = await dial(url);
    await expect(connection.play('other')).rejects.toMatchObject({
      code: 'CLIENT_PLAY_FAILED',
      status: { code: 'NetStream.Play.Failed', description: 'not other' },
    });
    expect(await countVideo(connection)).toBe(76);
    const publisher = await dial(url.replace('/vod', '/live'), { publish: true });
    await expect(publisher.publish('x')).rejects.toMatchObject({
      code: 'CLIENT_PUBLISH_FAILED',
      status: { code: 'NetStream.Publish.Denied', description: 'read-only' },
    });
  });

  it('emits connection, play and disconnect events', async () => {
    const { url, server } = await start();
    const events: string[] = [];
    server.on('connection', (c) => events.push(`connection ${c.connectionId}`));
    server.on('play', (p) => events.push(`play ${p.connectionId} ${p.app} ${p.name} ${p.kind}`));
    server.on('disconnect', (c) => events.push(`disconnect ${c.connectionId}`));
    const connection = await dial(url);
    await countVideo(connection);
    await connection.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual(['connection 1', 'play 1 vod clip vod', 'disconnect 1']);
  });
});

describe('faults', () => {
  it('dropAfterBytes cuts every connection after that many bytes', async () => {
    const { url, warnings } = await start({ dropAfterBytes: 20_000 });
    const connection = await dial(url);
    await expect(countVideo(connection)).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    // The client counts bytes after the 3073-byte S0+S1+S2.
    expect(connection.stats.bytesReceived + 3073).toBe(20_000);
    expect(warnings.map((w) => w.code)).toContain('SERVER_DROPPED');
  });

  it('dropConnection(id) closes one connection only', async () => {
    const { url, server } = await start({ vodPacing: 'buffer' });
    const a = await dial(url);
    const b = await dial(url);
    const [idA] = server.connectionIds();
    const playing = countVideo(a, 'clip', 100);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.dropConnection(idA as number)).toBe(true);
    expect(server.dropConnection(999)).toBe(false);
    await expect(playing).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    for (let i = 0; i < 100 && server.connectionIds().length > 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(server.connectionIds()).toHaveLength(1);
    expect(await countVideo(b)).toBe(76);
  });

  it('garbage instead of a handshake closes that connection with SERVER_PROTOCOL_ERROR', async () => {
    const { port, url, warnings } = await start();
    const socket = await rawSocket(port);
    const closed = closedPromise(socket);
    socket.write(Buffer.alloc(1537 + 1536, 0x41));
    socket.write(Buffer.from([0x03, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    await closed;
    expect(warnings.map((w) => w.code)).toContain('SERVER_PROTOCOL_ERROR');
    expect(await countVideo(await dial(url))).toBe(76);
  });

  it('closes a connection that never sends connect (handshakeTimeoutMs)', async () => {
    const { port, warnings } = await start({ handshakeTimeoutMs: 150 });
    const socket = await rawSocket(port);
    const t0 = performance.now();
    await closedPromise(socket);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    expect(warnings.map((w) => w.code)).toContain('SERVER_HANDSHAKE_TIMEOUT');
  });

  it('refuses connections beyond maxConnections', async () => {
    const { port, url, warnings, server } = await start({ maxConnections: 1 });
    const first = await dial(url);
    const extra = await rawSocket(port);
    await closedPromise(extra);
    expect(warnings.map((w) => w.code)).toContain('SERVER_TOO_MANY_CONNECTIONS');
    expect(server.connectionIds()).toHaveLength(1);
    expect(await countVideo(first)).toBe(76);
  });

  it('close() ends every connection and stream, and listen() twice throws', async () => {
    const { url, server } = await start({ vodPacing: 'buffer' });
    await expect(server.listen()).rejects.toMatchObject({ code: 'SERVER_LISTEN' });
    const player = await dial(url);
    const playing = countVideo(player, 'clip', 100).catch((e: unknown) => e);
    const publisher = await dial(url.replace('/vod', '/live'));
    await publisher.publish('p');
    await new Promise((r) => setTimeout(r, 100));
    await server.close();
    expect(server.connectionIds()).toEqual([]);
    expect(server.liveStreams()).toEqual([]);
    await playing;
    await expect(dial(url)).rejects.toBeDefined();
  });

  it('close() leaves no sockets, servers, files or timers behind (RTMPT gateway included)', async () => {
    const count = () => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      return counts;
    };
    await new Promise((r) => setTimeout(r, 50));
    const before = count();
    const server = createRtmpServer({ root: dir, rtmpt: {}, vodPacing: 'buffer' });
    const { port } = await server.listen();
    const player = await connect(`rtmp://127.0.0.1:${port}/vod`);
    const playing = (async () => {
      for await (const _ of await player.play('clip', { bufferMs: 100 })) {
        // consume
      }
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    expect(count().TCPSocketWrap ?? 0).toBeGreaterThan(before.TCPSocketWrap ?? 0);
    await server.close();
    await playing;
    await player.close().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const after = count();
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'FileHandle', 'FSReqPromise'])
      expect(after[kind] ?? 0, kind).toBe(before[kind] ?? 0);
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
  });

  it('rejects invalid options with SERVER_INVALID_OPTION', () => {
    expect(() => createRtmpServer({ chunkSize: 1 })).toThrowError(
      expect.objectContaining({ code: 'SERVER_INVALID_OPTION' }),
    );
    expect(() => createRtmpServer({ maxConnections: 0 })).toThrowError(
      expect.objectContaining({ code: 'SERVER_INVALID_OPTION' }),
    );
    expect(() => createRtmpServer({ apps: { x: 'tv' as never } })).toThrowError(
      expect.objectContaining({ code: 'SERVER_INVALID_OPTION' }),
    );
  });
});

describe('apps and handshakes', () => {
  it('vod-only apps refuse publishers; unknown apps are refused with defaultAppMode none', async () => {
    const { port } = await start({ apps: { vod: 'vod', live: 'live' }, defaultAppMode: 'none' });
    const publisher = await dial(`rtmp://127.0.0.1:${port}/vod`);
    await expect(publisher.publish('x')).rejects.toMatchObject({
      status: { code: 'NetStream.Publish.Denied' },
    });
    await expect(dial(`rtmp://127.0.0.1:${port}/other`)).rejects.toMatchObject({
      status: { code: 'NetConnection.Connect.InvalidApp' },
    });
    // A live-only app does not serve files: the player waits for a publisher instead.
    const live = await dial(`rtmp://127.0.0.1:${port}/live`);
    const stream = await live.play('clip');
    expect(stream.streamId).toBeGreaterThan(0);
  });

  for (const handshake of ['plain', 'digest', 'rtmpe'] as const) {
    it(`serves a ${handshake} handshake client the whole file`, async () => {
      const { url } = await start();
      expect(await countVideo(await dial(url, { handshake }))).toBe(76);
    });
  }

  it('serves rtmpe:// URLs (RTMPE types 6, 8 and 9)', async () => {
    const { port } = await start();
    for (const rtmpeType of [6, 8, 9] as const) {
      const connection = await dial(`rtmpe://127.0.0.1:${port}/vod`, { rtmpeType });
      expect(await countVideo(connection)).toBe(76);
    }
  });
});
