// PlayStream against the in-process server: event order and payload bytes, FLV output parsed
// back with FlvDemuxer, webStream(), StreamNotFound, the stop timestamp, StreamEOF handling for
// live and VOD plays, pause/resume/seek commands, and the play signal.
import { connect, type PlayEvent, type PlayStream, RtmpStatusError } from '@rtmp/client';
import type { RtmpError } from '@rtmp/core';
import { FlvDemuxer } from '@rtmp/flv';
import { afterEach, describe, expect, it } from 'vitest';
import {
  aacFrame,
  acceptAll,
  avcFrame,
  type ServerConnection,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * onMetaData body written by hand from the AMF0 spec (2.4 string marker 02, 2.10 ECMA array
 * marker 08 with a 32-bit count, 2.2 number marker 00, object end 00 00 09):
 * "onMetaData" { duration: 1 }.
 */
const META = Uint8Array.from([
  0x02,
  0x00,
  0x0a,
  ...Array.from('onMetaData', (c) => c.charCodeAt(0)),
  0x08,
  0x00,
  0x00,
  0x00,
  0x01,
  0x00,
  0x08,
  ...Array.from('duration', (c) => c.charCodeAt(0)),
  0x00,
  0x3f,
  0xf0,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x00,
  0x09,
]);

/** What the server sends in the basic tests: metadata, then 10 audio/video pairs 40 ms apart. */
function mediaScript(): Array<{ type: number; timestamp: number; data: Uint8Array }> {
  const tags = [{ type: 18, timestamp: 0, data: META }];
  for (let i = 0; i < 10; i++) {
    tags.push({ type: 9, timestamp: i * 40, data: avcFrame(i, 300 + i * 50, i === 0) });
    tags.push({ type: 8, timestamp: i * 40 + 5, data: aacFrame(i, 20 + i) });
  }
  return tags;
}

function sendTags(c: ServerConnection, streamId: number, tags: ReturnType<typeof mediaScript>): void {
  for (const t of tags) c.write(c.session.encodeMedia(streamId, t.type, t.timestamp, t.data));
}

/** A server that accepts the play, sends `tags`, then (unless told not to) ends with Play.Stop. */
async function vodServer(tags = mediaScript(), end = true): Promise<TestServer> {
  return startTestServer({
    handler: (c, e) => {
      acceptAll(c, e);
      if (e.type === 'play-requested') {
        sendTags(c, e.streamId, tags);
        if (end) c.apply(c.session.endPlay(e.streamId));
      }
    },
  });
}

function mediaOf(events: PlayEvent[]) {
  return events
    .filter((e) => e.type === 'audio' || e.type === 'video' || e.type === 'metadata')
    .map((e) => ({
      type: e.type === 'audio' ? 8 : e.type === 'video' ? 9 : 18,
      timestamp: e.timestamp,
      data: Uint8Array.from(e.payload),
    }));
}

async function collect(play: PlayStream): Promise<PlayEvent[]> {
  const events: PlayEvent[] = [];
  for await (const e of play) events.push(e);
  return events;
}

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(Uint8Array.from(part));
  return Buffer.concat(parts);
}

function demux(bytes: Uint8Array) {
  const demuxer = new FlvDemuxer();
  const tags = demuxer
    .push(bytes)
    .map((t) => ({ type: t.type, timestamp: t.timestamp, data: Uint8Array.from(t.data) }));
  demuxer.end();
  return tags;
}

describe('play', () => {
  it('yields every message in order with its payload bytes intact, then ends at Play.Stop', async () => {
    server = await vodServer();
    const connection = await connect(server.url('vod/clip.flv'));
    const play = await connection.play();
    const request = await server.connections[0]?.waitFor('play-requested');
    expect(request?.name).toBe('clip');
    expect(request?.start).toBe(0);
    const events = await collect(play);
    expect(mediaOf(events)).toEqual(mediaScript());
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.status.code] : []));
    expect(statuses).toEqual(['NetStream.Play.Reset', 'NetStream.Play.Start', 'NetStream.Play.Stop']);
    const controls = events.flatMap((e) => (e.type === 'stream-control' ? [e.event] : []));
    expect(controls).toEqual(['stream-is-recorded', 'stream-begin', 'stream-eof']);
    const sampleAccess = events.find((e) => e.type === 'data');
    expect(sampleAccess?.type === 'data' && sampleAccess.message.name).toBe('|RtmpSampleAccess');
    expect(play.end).toEqual({
      status: expect.objectContaining({ code: 'NetStream.Play.Stop' }),
      stopReached: false,
      streamEof: false,
    });
    expect(play.mediaMessages).toBe(20);
    expect(play.lastTimestamp).toBe(9 * 40 + 5);
    expect(play.streamId).toBe(request?.streamId);
    // Ending the play sends deleteStream; the connection stays usable.
    await server.connections[0]?.waitFor('stream-closed');
    expect(connection.closed).toBe(false);
    await connection.close();
  });

  it('flv(): the bytes parse as FLV with the same tags (header flags audio+video)', async () => {
    server = await vodServer();
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    const bytes = await readAll(play.flv());
    expect(Array.from(bytes.subarray(0, 13))).toEqual([0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0]);
    expect(demux(bytes)).toEqual(mediaScript());
    await connection.close();
  });

  it('webStream(): a WHATWG ReadableStream of the same FLV bytes', async () => {
    server = await vodServer();
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    const reader = play.webStream().getReader();
    const parts: Uint8Array[] = [];
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parts.push(Uint8Array.from(value));
    }
    expect(demux(Buffer.concat(parts))).toEqual(mediaScript());
    await connection.close();
  });

  it('StreamNotFound: RtmpStatusError CLIENT_PLAY_FAILED with the status, connection still open', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'play-requested') c.apply(c.session.rejectPlay(e.streamId, 'No such stream: nope'));
        else acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('vod/nope'));
    const error = await connection.play().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RtmpStatusError);
    expect((error as RtmpStatusError).code).toBe('CLIENT_PLAY_FAILED');
    expect((error as RtmpStatusError).status?.code).toBe('NetStream.Play.StreamNotFound');
    expect((error as RtmpStatusError).status?.description).toBe('No such stream: nope');
    expect(connection.closed).toBe(false);
    await connection.close();
  });

  it('play() without a stream name: CLIENT_INVALID_ARGUMENT', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('vod'));
    await expect(connection.play()).rejects.toMatchObject({ code: 'CLIENT_INVALID_ARGUMENT' });
    await connection.close();
  });

  it('stop: sends the duration and ends at the stop timestamp (stopReached)', async () => {
    const tags = Array.from({ length: 11 }, (_, i) => ({ type: 9, timestamp: i * 100, data: avcFrame(i) }));
    server = await vodServer(tags, false);
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play(undefined, { stop: 500 });
    const request = await server.connections[0]?.waitFor('play-requested');
    expect(request?.duration).toBe(500);
    const events = await collect(play);
    expect(mediaOf(events).map((t) => t.timestamp)).toEqual([0, 100, 200, 300, 400]);
    expect(play.end).toEqual({ status: undefined, stopReached: true, streamEof: false });
    await connection.close();
  });

  it('StreamEOF ends a live play (its publisher left); the connection stays open', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'play-requested') {
          c.apply(c.session.acceptPlay(e.streamId, e.name));
          sendTags(c, e.streamId, mediaScript().slice(0, 5));
          c.write(c.session.layer.sendUserControl({ type: 'streamEof', streamId: e.streamId }));
        } else acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('live/cam'));
    const play = await connection.play(undefined, { live: true });
    const request = await server.connections[0]?.waitFor('play-requested');
    expect(request?.start).toBe(-1000);
    const events = await collect(play);
    expect(mediaOf(events)).toEqual(mediaScript().slice(0, 5));
    expect(play.end).toEqual({ status: undefined, stopReached: false, streamEof: true });
    expect(connection.closed).toBe(false);
    await connection.close();
  });

  it('StreamEOF does not end a VOD play: media after it still arrives, Play.Stop ends it', async () => {
    const tags = mediaScript();
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'play-requested') {
          c.apply(c.session.acceptPlay(e.streamId, e.name, { recorded: true }));
          sendTags(c, e.streamId, tags.slice(0, 4));
          c.write(c.session.layer.sendUserControl({ type: 'streamEof', streamId: e.streamId }));
          sendTags(c, e.streamId, tags.slice(4));
          c.apply(
            c.session.sendStatus(e.streamId, {
              level: 'status',
              code: 'NetStream.Play.Stop',
              description: 'done',
            }),
          );
        } else acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    const events = await collect(play);
    expect(mediaOf(events)).toEqual(tags);
    expect(play.end?.streamEof).toBe(false);
    expect(play.end?.status?.code).toBe('NetStream.Play.Stop');
    await connection.close();
  });

  it('endOnStreamEof: true ends a VOD play at StreamEOF', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'play-requested') {
          c.apply(c.session.acceptPlay(e.streamId, e.name, { recorded: true }));
          sendTags(c, e.streamId, mediaScript().slice(0, 3));
          c.write(c.session.layer.sendUserControl({ type: 'streamEof', streamId: e.streamId }));
        } else acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play(undefined, { endOnStreamEof: true });
    expect(mediaOf(await collect(play))).toHaveLength(3);
    expect(play.end?.streamEof).toBe(true);
    await connection.close();
  });

  it('pause(), resume() and seek() send pause/unpause/seek with the positions', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        acceptAll(c, e);
        if (e.type === 'play-requested')
          sendTags(c, e.streamId, [{ type: 9, timestamp: 1234, data: avcFrame(1) }]);
      },
    });
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    const iterator = play[Symbol.asyncIterator]();
    for (;;) {
      const { value } = await iterator.next();
      if (value?.type === 'video') break;
    }
    const c = server.connections[0] as ServerConnection;
    play.pause();
    const paused = await c.waitFor('pause-requested');
    expect(paused).toMatchObject({ streamId: play.streamId, paused: true, position: 1234 });
    play.resume();
    const resumed = await c.waitFor('pause-requested', (e) => !e.paused);
    expect(resumed.position).toBe(1234);
    play.seek(3000);
    const seek = await c.waitFor('seek-requested');
    expect(seek).toMatchObject({ streamId: play.streamId, position: 3000 });
    await iterator.return?.();
    await c.waitFor('stream-closed');
    await connection.close();
  });

  it('breaking out of the iteration closes the stream (deleteStream)', async () => {
    server = await vodServer(mediaScript(), false);
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    for await (const event of play) if (event.type === 'video') break;
    const closed = await server.connections[0]?.waitFor('stream-closed');
    expect(closed?.reason).toBe('deleteStream');
    expect(play.end).toEqual({ status: undefined, stopReached: false, streamEof: false });
    await connection.close();
  });

  it('a play signal aborted while waiting for Play.Start: CLIENT_ABORTED', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type !== 'play-requested') acceptAll(c, e);
      },
    });
    const connection = await connect(server.url('vod/clip'));
    const controller = new AbortController();
    const pending = connection.play(undefined, { signal: controller.signal });
    await server.connections[0]?.waitFor('play-requested');
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CLIENT_ABORTED' });
    expect(connection.closed).toBe(false);
    await connection.close();
  });

  it('the connection failing mid-play ends the iteration with that error', async () => {
    server = await vodServer(mediaScript(), false);
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    const iterator = play[Symbol.asyncIterator]();
    await iterator.next();
    server.connections[0]?.socket.end();
    let error: unknown;
    try {
      for (;;) if ((await iterator.next()).done) break;
    } catch (e) {
      error = e;
    }
    expect((error as RtmpError).code).toBe('CLIENT_CLOSED');
    await connection.done;
  });
});
