// Test support for PlayStream.consume(): a scripted in-memory server (MemoryPeer) behind a
// strict reusing transport (support/reusing-transport.ts), a connect() helper, the media the
// server sends, and plain snapshots of play events taken at once (their payloads may be
// transient).
import { connect, type PlayEvent, type RtmpConnection } from '@rtmp/client';
import type { ServerSessionEvent } from '@rtmp/session';
import { type MemoryPeer, memoryPeer } from './memory-transport.js';
import { type ReusingTransport, reusingTransport } from './reusing-transport.js';
import { aacFrame, avcFrame } from './test-server.js';

export interface Tag {
  type: 8 | 9;
  timestamp: number;
  data: Uint8Array;
}

/** Several videos on one chunk stream, some spanning chunks at the server's 4096-byte chunk size. */
export const TAGS: Tag[] = [
  { type: 9, timestamp: 0, data: avcFrame(0, 6000, true) },
  { type: 8, timestamp: 0, data: aacFrame(0) },
  { type: 9, timestamp: 40, data: avcFrame(1, 5000) },
  { type: 8, timestamp: 23, data: aacFrame(1, 300) },
  { type: 9, timestamp: 80, data: avcFrame(2, 300) },
  { type: 9, timestamp: 120, data: avcFrame(3, 4500) },
  { type: 8, timestamp: 125, data: aacFrame(2, 40) },
  { type: 9, timestamp: 160, data: avcFrame(4, 100) },
];

/** What the server does after accepting a play (default: metadata, TAGS, Play.Stop). */
export type PlayScript = (peer: MemoryPeer, streamId: number, name: string) => void;

export const vodScript =
  (tags: Tag[] = TAGS, end: 'stop' | 'complete' | 'none' = 'stop'): PlayScript =>
  (peer, streamId) => {
    const s = peer.session;
    peer.write(s.encodeMetadata(streamId, { duration: 2 }));
    for (const t of tags) peer.write(s.encodeMedia(streamId, t.type, t.timestamp, t.data));
    if (end === 'stop') peer.apply(s.endPlay(streamId));
    else if (end === 'complete')
      peer.apply(s.sendStatus(streamId, { level: 'status', code: 'NetStream.Play.Complete' }));
  };

export interface Scripted {
  peer: MemoryPeer;
  transport: ReusingTransport;
  connection: RtmpConnection;
  /** The server's stream id for each play name. */
  streams: Map<string, number>;
}

/** Connects to a scripted in-memory server whose bytes reach the client `slice` bytes at a time. */
export async function scripted(
  slice: number,
  script: PlayScript = vodScript(),
  onEvent?: (peer: MemoryPeer, event: ServerSessionEvent) => void,
): Promise<Scripted> {
  const streams = new Map<string, number>();
  const peer = memoryPeer((p, e) => {
    const s = p.session;
    onEvent?.(p, e);
    if (e.type === 'connect-requested') p.apply(s.acceptConnect());
    else if (e.type === 'play-requested') {
      streams.set(e.name, e.streamId);
      p.apply(s.acceptPlay(e.streamId, e.name, { recorded: true }));
      script(p, e.streamId, e.name);
    }
  }, slice);
  const transport = reusingTransport(peer.transport);
  const connection = await connect('rtmp://memory/vod/clip', {
    transport: () => Promise.resolve(transport),
  });
  return { peer, transport, connection, streams };
}

/** A JSON snapshot of an event, payload bytes included, taken now. */
export function snap(event: PlayEvent): string {
  return JSON.stringify(plain(event));
}

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = plain(v);
    return out;
  }
  return value;
}

/** The media in event snapshots, as tags. */
export function mediaOf(snapshots: string[]): Array<{ type: number; timestamp: number; data: number[] }> {
  return snapshots.flatMap((text) => {
    const e = JSON.parse(text);
    if (e.type !== 'audio' && e.type !== 'video') return [];
    return [{ type: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, data: e.payload }];
  });
}

/** TAGS (or `tags`) in the shape of mediaOf(). */
export function expectedMedia(tags: Tag[] = TAGS) {
  return tags.map((t) => ({ type: t.type, timestamp: t.timestamp, data: Array.from(t.data) }));
}

/** Waits `ms` milliseconds. */
export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
