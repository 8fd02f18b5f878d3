// The README's ten-line example, run against the in-process server: play a VOD stream into an
// FLV file with pipeline(), then publish that file with realtime pacing.
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { connect } from '@rtmp/client';
import { FlvDemuxer } from '@rtmp/flv';
import { afterEach, expect, it } from 'vitest';
import {
  aacFrame,
  acceptAll,
  avcFrame,
  type ServerConnection,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

let server: TestServer | undefined;
let dir = '';
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('README example: play to a file, publish the file', async () => {
  const tags: Array<{ type: number; timestamp: number; data: Uint8Array }> = [];
  for (let i = 0; i < 10; i++) {
    tags.push({ type: 9, timestamp: i * 30, data: avcFrame(i, 500, i === 0) });
    tags.push({ type: 8, timestamp: i * 30 + 1, data: aacFrame(i) });
  }
  server = await startTestServer({
    handler: (c, e) => {
      acceptAll(c, e);
      if (e.type === 'play-requested') {
        for (const t of tags) c.write(c.session.encodeMedia(e.streamId, t.type, t.timestamp, t.data));
        c.apply(c.session.endPlay(e.streamId));
      }
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'client-readme-'));
  const file = join(dir, 'clip.flv');

  const vod = await connect(server.url('vod/mp4:clip.mp4'));
  await pipeline((await vod.play()).flv(), createWriteStream(file));
  await vod.close();
  expect((await server.connections[0]?.waitFor('play-requested'))?.name).toBe('mp4:clip.mp4');

  const live = await connect(server.url('live/cam'), { publish: true });
  const stream = await live.publish();
  const started = performance.now();
  await stream.publishFlv(createReadStream(file), { realtime: true });
  expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  await stream.end();
  await live.close();

  const demuxer = new FlvDemuxer();
  const written = demuxer
    .push(readFileSync(file))
    .map((t) => ({ type: t.type, timestamp: t.timestamp, data: Uint8Array.from(t.data) }));
  expect(written).toEqual(tags);
  const publisher = server.connections[1] as ServerConnection;
  await publisher.waitFor('stream-closed', (e) => e.reason === 'deleteStream');
  const published = publisher.events.flatMap((e) =>
    e.type === 'audio' || e.type === 'video'
      ? [{ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: Uint8Array.from(e.payload) }]
      : [],
  );
  expect(published).toEqual(tags);
});
