// The whole client stack (handshake, chunk stream, commands, play and publish) fed by an
// in-memory transport that splits the server's bytes at every byte boundary (and at 7 and
// 4096 bytes): the same events, the same payloads, whatever the split.
import { connect, type PlayEvent } from '@rtmp/client';
import { describe, expect, it } from 'vitest';
import { type MemoryPeer, memoryPeer } from './support/memory-transport.js';
import { aacFrame, avcFrame } from './support/test-server.js';

const tags = [
  { type: 9, timestamp: 0, data: avcFrame(0, 6000, true) }, // spans chunks at 128 and 4096 bytes
  { type: 8, timestamp: 0, data: aacFrame(0) },
  { type: 9, timestamp: 40, data: avcFrame(1, 300) },
  { type: 8, timestamp: 23, data: aacFrame(1) },
  { type: 9, timestamp: 0x1000000, data: avcFrame(2, 100) }, // extended timestamp
];

function vodPeer(slice: number): MemoryPeer {
  return memoryPeer((peer, e) => {
    const s = peer.session;
    if (e.type === 'connect-requested') peer.apply(s.acceptConnect());
    else if (e.type === 'play-requested') {
      peer.apply(s.acceptPlay(e.streamId, e.name, { recorded: true }));
      peer.write(s.encodeMetadata(e.streamId, { duration: 2 }));
      for (const t of tags) peer.write(s.encodeMedia(e.streamId, t.type, t.timestamp, t.data));
      peer.apply(s.endPlay(e.streamId));
    } else if (e.type === 'publish-requested') peer.apply(s.acceptPublish(e.streamId, e.name));
  }, slice);
}

describe.each([1, 7, 4096])('server bytes split every %i bytes', (slice) => {
  it('connect, play to the end, close', async () => {
    const peer = vodPeer(slice);
    const connection = await connect('rtmp://memory/vod/clip', {
      transport: () => Promise.resolve(peer.transport),
    });
    expect(connection.connectInfo?.status?.code).toBe('NetConnection.Connect.Success');
    const events: PlayEvent[] = [];
    for await (const e of await connection.play()) events.push(e);
    const meta = events.find((e) => e.type === 'metadata');
    expect(meta?.type === 'metadata' && { ...meta.metadata }).toEqual({ duration: 2 });
    expect(
      events.flatMap((e) =>
        e.type === 'audio' || e.type === 'video'
          ? [{ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: Uint8Array.from(e.payload) }]
          : [],
      ),
    ).toEqual(tags);
    await connection.close();
    expect(peer.events.map((e) => e.type)).toContain('stream-closed');
  });

  it('publish and the server sees every tag', async () => {
    const peer = vodPeer(slice);
    const connection = await connect('rtmp://memory/live/cam', {
      publish: true,
      transport: () => Promise.resolve(peer.transport),
    });
    const stream = await connection.publish();
    for (const t of tags) await stream.write(t);
    await stream.end();
    await connection.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(
      peer.events.flatMap((e) =>
        e.type === 'audio' || e.type === 'video'
          ? [{ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: Uint8Array.from(e.payload) }]
          : [],
      ),
    ).toEqual(tags);
  });
});
