/**
 * Hostile chunk streams and protocol control (RTMP spec 5.3 chunking, 5.4 protocol control, 6.2
 * user control, 7.1.6 aggregates): absurd chunk sizes, a 16 MiB message in 1-byte chunks, 65,599
 * chunk streams, extended-timestamp confusion, timestamps going back and wrapping, lying
 * aggregates, ping floods, Window Ack Size 1, Set Peer Bandwidth 0.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { expectThat, type HostileScenario, rawEndPlay } from './hostile-scenario.js';
import { rawChunks, rawControl, rawUserControl, writeBasicHeader } from './raw-chunk.js';
import type { ScriptedPeer } from './scripted-peer.js';
import { videoPayload } from './scripted-peer.js';

async function endRaw(peer: ScriptedPeer, streamId: number): Promise<void> {
  for (const bytes of rawEndPlay(streamId)) await peer.write(bytes);
  await peer.read(1);
}

/** Plays `count` messages then ends the stream through the session (no raw control involved). */
function cleanPlay(count: number): HostileScenario['script'] {
  return async (peer) => {
    const play = await peer.serveToPlay();
    if (!play) return;
    await peer.mediaRun(play.streamId, count);
    await peer.apply(peer.session.endPlay(play.streamId));
    await peer.serveUntil(() => false);
  };
}

const SIXTEEN_MIB = 0xffffff;
const ONE = new Uint8Array(1);

export const chunkScenarios: HostileScenario[] = [
  {
    name: 'message-16mib-in-1-byte-chunks',
    misbehaviour:
      'Set Chunk Size 1, then one 16,777,215-byte video message in 1-byte chunks (33.5 MB on the wire)',
    expected: 'delivered whole (the largest length the header can carry); memory bounded by the one message',
    codes: ['ok'],
    maxMs: 20_000,
    flvTags: 1,
    maxRssGrowth: 160 * 1024 * 1024,
    clientOptions: { idleTimeout: 5000, noMediaTimeout: 0 },
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      peer.drainForever();
      await peer.write(rawControl(1, 1));
      const payload = new Uint8Array(SIXTEEN_MIB);
      payload[0] = 0x17;
      // Written in 1 MiB slices of chunks so the server side does not hold 33 MB at once.
      const slice = 1 << 20;
      for (let off = 0; off < SIXTEEN_MIB; off += slice) {
        const part = payload.subarray(off, Math.min(SIXTEEN_MIB, off + slice));
        const bytes =
          off === 0
            ? rawChunks({
                csid: 10,
                typeId: 9,
                streamId: play.streamId,
                timestamp: 0,
                payload: part,
                declaredLength: SIXTEEN_MIB,
                chunkSize: 1,
              })
            : continuation(10, part);
        await peer.write(bytes);
      }
      await peer.write(rawControl(1, 4096, undefined, 1)); // framed in 1-byte chunks: the size in force
      await endRaw(peer, play.streamId);
    },
    check(outcome) {
      expectThat(outcome.flv.length > SIXTEEN_MIB, 'the 16 MiB tag is in the FLV');
    },
  },
  {
    name: 'chunk-size-0',
    misbehaviour: '3 video messages, then Set Chunk Size 0',
    expected: 'CHUNK_INVALID_CHUNK_SIZE; FLV has the 3 tags',
    codes: ['CHUNK_INVALID_CHUNK_SIZE'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 3,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 3);
      await sleep(100); // a separate TCP read: see protocol-error-in-same-read-as-media
      await peer.write(rawControl(1, 0));
      await peer.read(1);
    },
  },
  {
    name: 'protocol-error-in-same-read-as-media',
    misbehaviour: 'Play.Start, 3 video messages and Set Chunk Size 0 written back to back (one TCP read)',
    expected:
      'the stream fails with CHUNK_INVALID_CHUNK_SIZE after delivering the 3 tags decoded before the error',
    codes: ['CHUNK_INVALID_CHUNK_SIZE'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 3,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 3);
      await peer.write(rawControl(1, 0));
      await peer.read(1);
    },
  },
  {
    name: 'chunk-size-1',
    misbehaviour: 'the whole session (every command and 30 video messages) with chunk size 1',
    expected: 'plays to the end: 30 tags',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 30,
    sessionOptions: { chunkSize: 1 },
    script: cleanPlay(30),
  },
  {
    name: 'chunk-size-2^31-1',
    misbehaviour: 'Set Chunk Size 2,147,483,647 (the spec maximum), then 30 video messages',
    expected: 'plays to the end: 30 tags, no allocation sized by the chunk size',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 30,
    sessionOptions: { chunkSize: 0x7fffffff },
    script: cleanPlay(30),
  },
  {
    name: 'chunk-size-2^31',
    misbehaviour: '3 video messages, then Set Chunk Size 0x80000000 (top bit set: invalid)',
    expected: 'CHUNK_INVALID_CHUNK_SIZE / CHUNK_CHUNK_SIZE_TOO_LARGE; FLV has the 3 tags',
    codes: ['CHUNK_INVALID_CHUNK_SIZE', 'CHUNK_CHUNK_SIZE_TOO_LARGE'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 3,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 3);
      await sleep(100);
      await peer.write(rawControl(1, 0x80000000));
      await peer.read(1);
    },
  },
  {
    name: '65599-chunk-streams',
    misbehaviour: 'Set Chunk Size 1, then an unfinished 100-byte message on every chunk stream id 8..65,599',
    expected: 'CHUNK_TOO_MANY_CHUNK_STREAMS once the limit (128) is passed; memory bounded',
    codes: ['CHUNK_TOO_MANY_CHUNK_STREAMS', 'CHUNK_BUFFER_LIMIT'],
    phases: ['stream'],
    maxMs: 3000,
    flvTags: 3,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 3);
      await sleep(100);
      peer.drainForever();
      await peer.write(rawControl(1, 1));
      const batch: Uint8Array[] = [];
      for (let csid = 8; csid <= 65_599 && !peer.closed; csid++) {
        // Header declaring 100 bytes + the first 1-byte chunk: the message stays open on this csid.
        batch.push(
          rawChunks({
            csid,
            typeId: 9,
            streamId: play.streamId,
            timestamp: 0,
            payload: ONE,
            declaredLength: 100,
            chunkSize: 1,
          }),
        );
        if (batch.length === 1024) await peer.write(Buffer.concat(batch.splice(0)));
      }
      if (batch.length > 0) await peer.write(Buffer.concat(batch));
      await peer.read(1);
    },
  },
  {
    name: 'extended-timestamp-confusion',
    misbehaviour:
      'timestamps at and above 0xFFFFFF in 10,000-byte messages whose continuation chunks repeat the extended timestamp, omit it, and a single-chunk one',
    expected: 'all four delivered with their timestamps (auto-detection of the type-3 extended field)',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 4,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      const sid = play.streamId;
      const big = videoPayload(0, 10_000);
      const base = { csid: 10, typeId: 9, streamId: sid, chunkSize: peer.chunkSize } as const;
      await peer.write(rawChunks({ ...base, timestamp: 0xffffff, payload: big, extendedOnType3: 'repeat' }));
      await peer.write(rawChunks({ ...base, timestamp: 0x1000000, payload: big, extendedOnType3: 'omit' }));
      await peer.write(rawChunks({ ...base, timestamp: 0x1000040, payload: big, extendedOnType3: 'repeat' }));
      await peer.write(rawChunks({ ...base, timestamp: 0x1000080, payload: videoPayload(1, 300) }));
      await endRaw(peer, sid);
    },
    check(outcome) {
      const stamps = tagTimestamps(outcome.flv);
      expectThat(
        JSON.stringify(stamps) === JSON.stringify([0xffffff, 0x1000000, 0x1000040, 0x1000080]),
        `timestamps kept (got ${stamps.map((t) => t.toString(16)).join(',')})`,
      );
    },
  },
  {
    name: 'extended-timestamp-ambiguity',
    misbehaviour:
      "timestamp 0x1000000 with the type-3 extended field omitted (librtmp <= 2.3), and the continuation chunk's payload starting with the same 4 bytes 01 00 00 00",
    expected:
      "bounded, typed end: the auto heuristic takes the 4 bytes for a repeated timestamp, the message then waits for 4 bytes that never come, and the idle / no-media deadline (both 1.5 s) ends it (the spec's inherent ambiguity; `extendedTimestampOnType3: never` reads such peers right)",
    codes: ['CLIENT_IDLE_TIMEOUT', 'CLIENT_NO_MEDIA_TIMEOUT'],
    phases: ['stream'],
    minMs: 1400,
    maxMs: 3000,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      const payload = videoPayload(0, 10_000);
      payload.set([1, 0, 0, 0], peer.chunkSize);
      const base = { csid: 10, typeId: 9, streamId: play.streamId, chunkSize: peer.chunkSize } as const;
      await peer.write(rawChunks({ ...base, timestamp: 0x1000000, payload, extendedOnType3: 'omit' }));
      await endRaw(peer, play.streamId);
    },
  },
  {
    name: 'timestamps-backwards-and-wrapping',
    misbehaviour: 'video at 1000, 2000, 500 (backwards), 0xFFFFFFF0, then 0x10 (32-bit wrap)',
    expected: 'all five delivered in order, FLV valid',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 5,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      const stamps = [1000, 2000, 500, 0xfffffff0, 0x10];
      for (const [i, ts] of stamps.entries()) await peer.media(play.streamId, 9, ts, videoPayload(i));
      await peer.apply(peer.session.endPlay(play.streamId));
      await peer.serveUntil(() => false);
    },
  },
  {
    name: 'aggregate-with-lying-sizes',
    misbehaviour: '3 video messages, then an aggregate whose sub-message claims 5000 bytes with 20 present',
    expected: 'the lying aggregate is dropped with a warning; the 3 good tags and a clean end',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 3,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 3);
      const agg = new Uint8Array(11 + 20 + 4);
      agg[0] = 9;
      agg.set([0x00, 0x13, 0x88], 1); // data size 5000
      agg.set([0, 0, 200, 0], 4);
      agg.set(videoPayload(1, 20), 11);
      await peer.write(
        rawChunks({
          csid: 10,
          typeId: 22,
          streamId: play.streamId,
          timestamp: 200,
          payload: agg,
          chunkSize: peer.chunkSize,
        }),
      );
      await endRaw(peer, play.streamId);
    },
  },
  {
    name: 'ping-flood',
    misbehaviour: '100,000 PingRequests (1.8 MB) between video messages',
    expected: 'answers them, plays to the end (20 tags), memory bounded',
    codes: ['ok'],
    maxMs: 10_000,
    // The flood takes ~1 s on a loaded machine: no media meanwhile is the point, not a stall.
    clientOptions: { noMediaTimeout: 10_000 },
    flvTags: 20,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      peer.drainForever();
      await peer.mediaRun(play.streamId, 10);
      const ping = rawUserControl(6, 12345);
      const burst = Buffer.concat(Array.from({ length: 1000 }, () => ping));
      for (let i = 0; i < 100 && !peer.closed; i++) await peer.write(burst);
      await peer.mediaRun(play.streamId, 10, 400);
      await endRaw(peer, play.streamId);
    },
  },
  {
    name: 'window-ack-size-1',
    misbehaviour: 'Window Acknowledgement Size 1, then 20 video messages',
    expected: 'plays to the end (acknowledging often is cheap); 20 tags',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 20,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      peer.drainForever();
      await peer.write(rawControl(5, 1));
      await peer.mediaRun(play.streamId, 20);
      await endRaw(peer, play.streamId);
    },
  },
  {
    name: 'set-peer-bandwidth-0',
    misbehaviour: 'Set Peer Bandwidth 0 (hard), then 20 video messages',
    expected: 'plays to the end; 20 tags',
    codes: ['ok'],
    maxMs: 2000,
    flvTags: 20,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      peer.drainForever();
      await peer.write(rawControl(6, 0, 0));
      await peer.mediaRun(play.streamId, 20);
      await endRaw(peer, play.streamId);
    },
  },
];

/** Type-3 chunks of 1 byte each for `payload` (continuation of a message on `csid`, chunk size 1). */
function continuation(csid: number, payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(3);
  const hlen = writeBasicHeader(header, 0, 3, csid);
  const out = new Uint8Array(payload.length * (hlen + 1));
  for (let i = 0, o = 0; i < payload.length; i++) {
    out.set(header.subarray(0, hlen), o);
    out[o + hlen] = payload[i] as number;
    o += hlen + 1;
  }
  return out;
}

/** Timestamps of the FLV tags (header 9 + 4 bytes, then 11-byte tag headers). */
export function tagTimestamps(flv: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(flv.buffer, flv.byteOffset, flv.byteLength);
  for (let o = 13; o + 11 <= flv.length; ) {
    const size = view.getUint32(o) & 0xffffff;
    out.push(((view.getUint32(o + 4) >>> 8) | ((flv[o + 7] as number) << 24)) >>> 0);
    o += 11 + size + 4;
  }
  return out;
}
