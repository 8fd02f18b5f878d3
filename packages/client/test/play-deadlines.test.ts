// Flow control and deadlines of a play: a consumer that does not read stops the read pump (the
// server's socket backlog grows, bytesReceived stops) without tripping the idle deadline; the
// idle deadline fires when the server goes silent; noMediaTimeout fires when only pings arrive.
import { connect, type PlayStream } from '@rtmp/client';
import type { RtmpError } from '@rtmp/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acceptAll,
  avcFrame,
  delay,
  type ServerConnection,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function failureOf(play: PlayStream): Promise<RtmpError | undefined> {
  try {
    for await (const _ of play) {
      // drain
    }
  } catch (error) {
    return error as RtmpError;
  }
  return undefined;
}

describe('play flow control and deadlines', () => {
  it('a consumer that does not read stops the pump; the idle deadline does not fire meanwhile', async () => {
    const count = 1500;
    const size = 16 * 1024;
    const total = count * size;
    server = await startTestServer();
    const connection = await connect(server.url('vod/big'), { idleTimeout: 300 });
    const play = await connection.play(undefined, { highWaterMark: 8 });
    const c = server.connections[0] as ServerConnection;
    const request = await c.waitFor('play-requested');
    for (let i = 0; i < count; i++)
      c.write(c.session.encodeMedia(request.streamId, 9, i * 40, avcFrame(i, size)));

    // Wait until the client stops taking bytes (two samples 100 ms apart agree).
    let last = -1;
    for (let k = 0; k < 100; k++) {
      await delay(100);
      const now = connection.stats.bytesReceived;
      if (now === last) break;
      last = now;
    }
    const stalled = connection.stats.bytesReceived;
    const heapAtStall = process.memoryUsage().heapUsed;
    // Three idle deadlines of silence — ours, not the server's.
    await delay(900);
    expect(connection.stats.bytesReceived).toBe(stalled);
    expect(connection.closed).toBe(false);
    // The client holds a bounded prefix; the rest waits in the server's socket (and the kernel).
    expect(stalled).toBeLessThan(total / 2);
    expect(c.socket.writableLength).toBeGreaterThan(total / 4);
    expect(process.memoryUsage().heapUsed - heapAtStall).toBeLessThan(8 * 1024 * 1024);

    // Reading again resumes the pump; every message arrives intact.
    let videos = 0;
    for await (const event of play) {
      if (event.type !== 'video') continue;
      expect(event.timestamp).toBe(videos * 40);
      expect(Buffer.compare(event.payload, avcFrame(videos, size))).toBe(0);
      if (++videos === count) break;
    }
    expect(videos).toBe(count);
    expect(connection.stats.bytesReceived).toBeGreaterThan(total);
    await connection.close();
  }, 20_000);

  it('CLIENT_IDLE_TIMEOUT when the server goes silent mid-play', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('vod/clip'), { idleTimeout: 200 });
    const play = await connection.play();
    const started = performance.now();
    const error = await failureOf(play);
    const took = performance.now() - started;
    expect(error?.code).toBe('CLIENT_IDLE_TIMEOUT');
    expect(error?.details).toEqual({ idleTimeout: 200 });
    expect(took).toBeGreaterThanOrEqual(150);
    expect(took).toBeLessThan(1500);
    expect(connection.closed).toBe(true);
    await connection.done;
    await server.connections[0]?.closed;
  });

  it('idleTimeout 0 disables the idle deadline', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('vod/clip'), { idleTimeout: 0 });
    await connection.play();
    await delay(400);
    expect(connection.closed).toBe(false);
    await connection.close();
  });

  it('CLIENT_NO_MEDIA_TIMEOUT when only pings arrive (the idle deadline stays quiet)', async () => {
    let pinger: ReturnType<typeof setInterval> | undefined;
    server = await startTestServer({
      handler: (c, e) => {
        acceptAll(c, e);
        if (e.type === 'play-requested') {
          let n = 0;
          pinger = setInterval(() => {
            if (++n > 100) clearInterval(pinger);
            else c.apply(c.session.ping(n));
          }, 40);
        }
      },
    });
    try {
      const connection = await connect(server.url('live/quiet'), { idleTimeout: 150, noMediaTimeout: 400 });
      const play = await connection.play();
      const started = performance.now();
      const error = await failureOf(play);
      const took = performance.now() - started;
      expect(error?.code).toBe('CLIENT_NO_MEDIA_TIMEOUT');
      expect(error?.details).toEqual({ noMediaTimeout: 400 });
      expect(took).toBeGreaterThanOrEqual(350);
      expect(took).toBeLessThan(2000);
      // Only the play failed: the connection is alive and the server saw the stream deleted.
      expect(connection.closed).toBe(false);
      await server.connections[0]?.waitFor('stream-closed');
      await connection.close();
    } finally {
      clearInterval(pinger);
    }
  });

  it('noMediaTimeout does not fire while media keeps arriving', async () => {
    let sender: ReturnType<typeof setInterval> | undefined;
    server = await startTestServer({
      handler: (c, e) => {
        acceptAll(c, e);
        if (e.type === 'play-requested') {
          let n = 0;
          sender = setInterval(() => {
            if (n >= 15) {
              clearInterval(sender);
              c.apply(c.session.endPlay(e.streamId));
            } else c.write(c.session.encodeMedia(e.streamId, 9, n * 40, avcFrame(n++)));
          }, 40);
        }
      },
    });
    try {
      const connection = await connect(server.url('live/busy'), { noMediaTimeout: 200 });
      const play = await connection.play();
      expect(await failureOf(play)).toBeUndefined();
      expect(play.mediaMessages).toBe(15);
      await connection.close();
    } finally {
      clearInterval(sender);
    }
  });
});
