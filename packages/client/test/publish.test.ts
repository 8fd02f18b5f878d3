// PublishStream against the in-process server: write(), writeMetadata(), publishFlv() fast and
// paced (realtime), BadName, end(), and writes after the stream or the connection closed.
import { connect, type PublishStream, RtmpStatusError } from '@rtmp/client';
import type { RtmpError } from '@rtmp/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aacFrame,
  acceptAll,
  avcFrame,
  buildFlv,
  type ServerConnection,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function publishing(
  path = 'live/cam',
): Promise<{ stream: PublishStream; c: ServerConnection; close: () => Promise<void> }> {
  server = await startTestServer();
  const connection = await connect(server.url(path), { publish: true });
  const stream = await connection.publish();
  return { stream, c: server.connections[0] as ServerConnection, close: () => connection.close() };
}

/** 1 s of media at 25 fps video and ~43 fps audio, timestamps 0..1000 ms. */
function oneSecond(): Array<{ type: number; timestamp: number; data: Uint8Array }> {
  const tags: Array<{ type: number; timestamp: number; data: Uint8Array }> = [];
  for (let t = 0; t <= 1000; t += 40) tags.push({ type: 9, timestamp: t, data: avcFrame(t, 200, t === 0) });
  for (let t = 0; t <= 1000; t += 23) tags.push({ type: 8, timestamp: t, data: aacFrame(t) });
  return tags.sort((a, b) => a.timestamp - b.timestamp || b.type - a.type);
}

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function mediaSeen(c: ServerConnection) {
  return c.events.flatMap((e) =>
    e.type === 'audio' || e.type === 'video'
      ? [{ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: Uint8Array.from(e.payload) }]
      : [],
  );
}

describe('publish', () => {
  it('publish(): the server sees the stream name and type; write() delivers the bytes', async () => {
    const { stream, c, close } = await publishing('live/cam?key=1');
    const request = await c.waitFor('publish-requested');
    expect(request).toMatchObject({ name: 'cam?key=1', publishType: 'live' });
    expect(stream.streamId).toBe(request.streamId);
    await stream.write({ type: 9, timestamp: 0, data: avcFrame(1, 5000, true) });
    await stream.write({ type: 8, timestamp: 10, data: aacFrame(2) });
    await c.waitFor('audio');
    expect(mediaSeen(c)).toEqual([
      { type: 9, timestamp: 0, data: avcFrame(1, 5000, true) },
      { type: 8, timestamp: 10, data: aacFrame(2) },
    ]);
    expect(stream.stats).toEqual({ tags: 2, bytes: 5000 + 64, lastTimestamp: 10 });
    await close();
  });

  it('writeMetadata(): the server sees @setDataFrame onMetaData with the values', async () => {
    const { stream, c, close } = await publishing();
    await stream.writeMetadata({ width: 640, height: 360, encoder: 'test' });
    const meta = await c.waitFor('metadata');
    expect({ ...meta.metadata }).toEqual({ width: 640, height: 360, encoder: 'test' });
    await close();
  });

  it('write() of an onMetaData data tag adds @setDataFrame', async () => {
    const { stream, c, close } = await publishing();
    // "onMetaData" { w: 1 } as an FLV script tag body (AMF0 by hand).
    const body = Uint8Array.from([
      0x02,
      0x00,
      0x0a,
      ...Array.from('onMetaData', (ch) => ch.charCodeAt(0)),
      0x08,
      0,
      0,
      0,
      1,
      0x00,
      0x01,
      0x77,
      0x00,
      0x3f,
      0xf0,
      0,
      0,
      0,
      0,
      0,
      0,
      0x00,
      0x00,
      0x09,
    ]);
    await stream.write({ type: 18, timestamp: 0, data: body });
    const meta = await c.waitFor('metadata');
    expect({ ...meta.metadata }).toEqual({ w: 1 });
    await close();
  });

  it('publishFlv(): every tag of the file, in order, as fast as the server takes them', async () => {
    const { stream, c, close } = await publishing();
    const tags = oneSecond();
    const started = performance.now();
    const last = await stream.publishFlv(chunksOf(buildFlv(tags), 1000));
    expect(performance.now() - started).toBeLessThan(500);
    expect(last).toBe(1000);
    await c.waitFor('audio', (e) => e.timestamp === 989);
    await c.waitFor('video', (e) => e.timestamp === 1000);
    expect(mediaSeen(c)).toEqual(tags);
    await close();
  });

  it('publishFlv({ realtime }): paced by timestamps, takes about the file duration', async () => {
    const { stream, c, close } = await publishing();
    const tags = oneSecond();
    let seen = 0;
    const started = performance.now();
    await stream.publishFlv(chunksOf(buildFlv(tags), 4096), { realtime: true, onTag: () => seen++ });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1800);
    expect(seen).toBe(tags.length);
    await c.waitFor('video', (e) => e.timestamp === 1000);
    expect(mediaSeen(c)).toEqual(tags);
    await close();
  });

  it('publishFlv(): timestampOffset shifts every timestamp; a signal stops it', async () => {
    const { stream, c, close } = await publishing();
    const last = await stream.publishFlv(chunksOf(buildFlv(oneSecond()), 512), { timestampOffset: 5000 });
    expect(last).toBe(6000);
    await c.waitFor('video', (e) => e.timestamp === 6000);
    const controller = new AbortController();
    const paced = stream.publishFlv(chunksOf(buildFlv(oneSecond()), 512), {
      realtime: true,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(paced).rejects.toThrow('stop');
    await close();
  });

  it('publishFlv(): a corrupt file rejects with FLV_*', async () => {
    const { stream, close } = await publishing();
    const bad = buildFlv(oneSecond());
    bad[0] = 0x47; // "GLV"
    const error = await stream.publishFlv(chunksOf(bad, 100)).catch((e: unknown) => e as RtmpError);
    expect((error as RtmpError).code).toMatch(/^FLV_/);
    await close();
  });

  it('BadName: RtmpStatusError CLIENT_PUBLISH_FAILED with the status', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'publish-requested')
          c.apply(c.session.rejectPublish(e.streamId, 'Already publishing'));
        else acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('live/taken'), { publish: true });
    const error = await connection.publish().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RtmpStatusError);
    expect((error as RtmpStatusError).code).toBe('CLIENT_PUBLISH_FAILED');
    expect((error as RtmpStatusError).status).toMatchObject({
      code: 'NetStream.Publish.BadName',
      description: 'Already publishing',
    });
    await connection.close();
  });

  it('a server failure status mid-publish: later writes throw CLIENT_PUBLISH_FAILED', async () => {
    const { stream, c, close } = await publishing();
    await stream.write({ type: 9, timestamp: 0, data: avcFrame(0) });
    const request = await c.waitFor('publish-requested');
    c.apply(
      c.session.sendStatus(request.streamId, {
        level: 'error',
        code: 'NetStream.Publish.Failed',
        description: 'disk full',
      }),
    );
    let error: unknown;
    for (let i = 1; i < 200 && error === undefined; i++) {
      await new Promise((r) => setTimeout(r, 5));
      try {
        await stream.write({ type: 9, timestamp: i * 40, data: avcFrame(i) });
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(RtmpStatusError);
    expect((error as RtmpStatusError).code).toBe('CLIENT_PUBLISH_FAILED');
    expect((error as RtmpStatusError).status?.description).toBe('disk full');
    await close();
  });

  it('end(): FCUnpublish and deleteStream; the connection stays open', async () => {
    const { stream, c, close } = await publishing();
    await stream.write({ type: 9, timestamp: 0, data: avcFrame(0) });
    await stream.end();
    await stream.end();
    await c.waitFor('stream-closed', (e) => e.reason === 'FCUnpublish');
    await c.waitFor('stream-closed', (e) => e.reason === 'deleteStream');
    await close();
  });

  it('write after end(): a typed error, nothing sent', async () => {
    const { stream, c, close } = await publishing();
    await stream.end();
    await c.waitFor('stream-closed', (e) => e.reason === 'deleteStream');
    expect(() => stream.writeSync({ type: 9, timestamp: 0, data: avcFrame(0) })).toThrow(
      expect.objectContaining({ code: 'CLIENT_CLOSED' }),
    );
    await expect(stream.writeMetadata({ a: 1 })).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    expect(mediaSeen(c)).toEqual([]);
    await close();
  });

  it('write after the connection closed: CLIENT_CLOSED', async () => {
    const { stream, close } = await publishing();
    await close();
    await expect(stream.write({ type: 9, timestamp: 0, data: avcFrame(0) })).rejects.toMatchObject({
      code: 'CLIENT_CLOSED',
    });
    await expect(stream.writeMetadata({ a: 1 })).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});
