// Live relay in-process: our client publishes, our clients play. Waiting players, late joiners
// (cached metadata and sequence headers, optional GOP), BadName, unpublish, slow players that
// lose frames until the next keyframe instead of growing the server's memory.
import { connect, type PlayEvent, type PlayStream, type RtmpConnection } from '@rtmp/client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRtmpServer,
  type RtmpServer,
  type RtmpServerOptions,
  type ServerWarning,
} from '../src/index.js';

const servers: RtmpServer[] = [];
const open: RtmpConnection[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  options: RtmpServerOptions = {},
): Promise<{ server: RtmpServer; url: string; warnings: ServerWarning[] }> {
  const server = createRtmpServer(options);
  servers.push(server);
  const warnings: ServerWarning[] = [];
  server.on('warning', (w) => warnings.push(w));
  const { port } = await server.listen();
  return { server, url: `rtmp://127.0.0.1:${port}/live`, warnings };
}

async function dial(url: string): Promise<RtmpConnection> {
  const c = await connect(url);
  open.push(c);
  return c;
}

/** Frame n: byte 0 is the FLV video header (keyframe every `gop`), bytes 2..5 carry n. */
function video(n: number, gop: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out[0] = n % gop === 0 ? 0x17 : 0x27;
  out[1] = 1;
  new DataView(out.buffer).setUint32(2, n);
  return out;
}
const frameNumber = (payload: Uint8Array) => new DataView(payload.buffer, payload.byteOffset).getUint32(2);
const AVC_HEADER = Uint8Array.of(0x17, 0, 0, 0, 1, 0x64, 0, 0x1f);
const AAC_HEADER = Uint8Array.of(0xaf, 0, 0x12, 0x10);
const audio = (n: number) => Uint8Array.of(0xaf, 1, n & 0xff, (n >> 8) & 0xff, 9, 9);

async function publish(url: string, name: string) {
  const c = await dial(url);
  const stream = await c.publish(name);
  return { connection: c, stream };
}

/** Every onStatus code a connection receives (the play stream itself ends at StreamEOF for live plays). */
function statusCodes(connection: RtmpConnection): string[] {
  const codes: string[] = [];
  connection.on('status', (s) => codes.push(s.code));
  return codes;
}

/** The unpublish sequence reached the player: StreamEOF ended its live stream, then UnpublishNotify. */
async function expectUnpublished(stream: PlayStream, codes: string[]): Promise<void> {
  expect(stream.end?.streamEof || stream.end?.status?.code === 'NetStream.Play.UnpublishNotify').toBe(true);
  await waitFor(() => codes.includes('NetStream.Play.UnpublishNotify'));
}

async function collect(stream: PlayStream, until?: (e: PlayEvent) => boolean): Promise<PlayEvent[]> {
  const events: PlayEvent[] = [];
  for await (const event of stream) {
    events.push('payload' in event ? { ...event, payload: event.payload.slice() } : event);
    if (until?.(event)) break;
  }
  return events;
}

async function waitFor(predicate: () => boolean, ms = 5000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live relay', () => {
  it('relays everything to a player that waited for the publisher, then UnpublishNotify', async () => {
    const { url, server } = await start();
    const player = await dial(url);
    const codes = statusCodes(player);
    const stream = await player.play('cam', { live: true });
    const got = collect(stream);
    await waitFor(() => server.liveStreams().some((s) => s.key === 'live/cam' && s.players === 1));
    const { stream: out } = await publish(url, 'cam');
    await out.writeMetadata({ width: 320, height: 240 });
    await out.write({ type: 9, timestamp: 0, data: AVC_HEADER });
    await out.write({ type: 8, timestamp: 0, data: AAC_HEADER });
    for (let n = 0; n < 60; n++) {
      await out.write({ type: 9, timestamp: n * 40, data: video(n, 25, 300) });
      await out.write({ type: 8, timestamp: n * 40 + 5, data: audio(n) });
    }
    await out.end();
    const events = await got;
    await expectUnpublished(stream, codes);
    expect(events.find((e) => e.type === 'metadata')).toMatchObject({
      metadata: { width: 320, height: 240 },
    });
    const videos = events.filter((e) => e.type === 'video');
    expect(videos.length).toBe(61);
    expect([...(videos[0]?.type === 'video' ? videos[0].payload : [])]).toEqual([...AVC_HEADER]);
    expect(videos.slice(1).map((e) => (e.type === 'video' ? frameNumber(e.payload) : -1))).toEqual(
      Array.from({ length: 60 }, (_, i) => i),
    );
    expect(videos.slice(1).map((e) => e.timestamp)).toEqual(Array.from({ length: 60 }, (_, i) => i * 40));
    expect(events.filter((e) => e.type === 'audio').length).toBe(61);
    const statuses = events
      .filter((e) => e.type === 'status')
      .map((e) => (e.type === 'status' ? e.status.code : ''));
    expect(statuses).toContain('NetStream.Play.PublishNotify');
  });

  for (const gopCache of [false, true]) {
    it(`gives a late joiner metadata and sequence headers, then ${gopCache ? 'the cached GOP' : 'video from the next keyframe'}`, async () => {
      const { url } = await start({ gopCache });
      const { stream: out } = await publish(url, 'late');
      await out.writeMetadata({ width: 640 });
      await out.write({ type: 9, timestamp: 0, data: AVC_HEADER });
      await out.write({ type: 8, timestamp: 0, data: AAC_HEADER });
      for (let n = 0; n < 30; n++) await out.write({ type: 9, timestamp: n * 40, data: video(n, 25, 200) });
      await new Promise((r) => setTimeout(r, 50));
      const player = await dial(url);
      const stream = await player.play('late');
      const got = collect(stream);
      await new Promise((r) => setTimeout(r, 50));
      for (let n = 30; n < 60; n++) await out.write({ type: 9, timestamp: n * 40, data: video(n, 25, 200) });
      await out.end();
      const events = await got;
      const media = events.filter((e) => e.type === 'metadata' || e.type === 'audio' || e.type === 'video');
      expect(media[0]).toMatchObject({ type: 'metadata', metadata: { width: 640 } });
      expect(media[1]).toMatchObject({ type: 'audio', info: { sequenceHeader: true } });
      expect(media[2]).toMatchObject({ type: 'video', info: { sequenceHeader: true } });
      const frames = media.slice(3).map((e) => (e.type === 'video' ? frameNumber(e.payload) : -1));
      const first = gopCache ? 25 : 50;
      expect(frames).toEqual(Array.from({ length: 60 - first }, (_, i) => first + i));
    });
  }

  it('refuses a second publisher of the same name with Publish.BadName; the name frees on unpublish', async () => {
    const { url, server } = await start();
    const events: string[] = [];
    server.on('publish', (i) => events.push(`publish ${i.name}`));
    server.on('unpublish', (i) => events.push(`unpublish ${i.name}`));
    const first = await publish(url, 'one');
    const second = await dial(url);
    await expect(second.publish('one')).rejects.toMatchObject({
      code: 'CLIENT_PUBLISH_FAILED',
      status: { code: 'NetStream.Publish.BadName' },
    });
    await first.stream.end();
    await waitFor(() => events.length === 2);
    const third = await dial(url);
    await expect(third.publish('one')).resolves.toBeDefined();
    expect(events).toEqual(['publish one', 'unpublish one', 'publish one']);
  });

  it('unpublishes when the publisher disconnects', async () => {
    const { url } = await start();
    const { connection, stream: out } = await publish(url, 'gone');
    await out.write({ type: 9, timestamp: 0, data: video(0, 25, 100) });
    const player = await dial(url);
    const codes = statusCodes(player);
    const stream = await player.play('gone', { live: true });
    const got = collect(stream);
    connection.destroy();
    await got;
    await expectUnpublished(stream, codes);
  });

  it('drops frames of a player that does not read, resuming at keyframes, with bounded backlog', async () => {
    const { url, server, warnings } = await start({ maxPlayerBacklog: 256 * 1024 });
    const player = await dial(url);
    const stream = await player.play('fast', { live: true, highWaterMark: 4 });
    await waitFor(() => server.liveStreams().some((s) => s.players === 1));
    const { stream: out } = await publish(url, 'fast');
    await out.write({ type: 9, timestamp: 0, data: AVC_HEADER });
    // ~48 MB at 64 KB a frame: far more than loopback socket buffers hold.
    const total = 750;
    let maxBacklog = 0;
    for (let n = 0; n < total; n++) {
      await out.write({ type: 9, timestamp: n * 40, data: video(n, 25, 64 * 1024) });
      for (const c of server.connectionStats()) maxBacklog = Math.max(maxBacklog, c.backlog);
    }
    // The limit plus one message (and its chunk headers) at most.
    expect(maxBacklog).toBeGreaterThan(0);
    expect(maxBacklog).toBeLessThan(256 * 1024 + 64 * 1024 + 1024);
    const collected = collect(stream);
    await out.end();
    const events = await collected;
    const frames = events
      .filter((e) => e.type === 'video' && !e.info.sequenceHeader)
      .map((e) => (e.type === 'video' ? frameNumber(e.payload) : -1));
    expect(frames.length).toBeLessThan(total);
    expect(frames.length).toBeGreaterThan(0);
    // Every gap ends on a keyframe: the player never gets a frame whose reference it lost.
    for (let i = 1; i < frames.length; i++)
      if (frames[i] !== (frames[i - 1] as number) + 1) expect((frames[i] as number) % 25).toBe(0);
    expect(warnings.some((w) => w.code === 'SERVER_FRAMES_DROPPED')).toBe(true);
  });
});
