/**
 * Interop: live byte streams from real peers, captured with tshark at test time, decoded by
 * ChunkDecoder and checked against (1) Wireshark's own dissection of the same capture and (2) the
 * FLV tags of the source file (an independent tag lister from @rtmp/test-peers):
 * - nginx-rtmp vod → rtmpdump at chunk size 4096 and 128 (server → client direction);
 * - ffmpeg publishing with timestamps offset by 20 000 s, so deltas need the extended field and
 *   ffmpeg repeats it on type-3 continuation chunks (client → server direction).
 */
import { createHash } from 'node:crypto';
import { ChunkDecoder, type DecodedMessage } from '@rtmp/chunk';
import {
  type Capture,
  describeWithPeers,
  flvTags,
  type NginxPeer,
  run,
  startCapture,
  startNginx,
  type TestMedia,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HANDSHAKE = 1 + 1536 + 1536;

let nginx: NginxPeer | undefined;
let media: TestMedia | undefined;

/** The TCP payload bytes sent from (`from: 'server'`) or to the port, in order. */
async function directionBytes(pcap: string, port: number, from: 'server' | 'client'): Promise<Uint8Array> {
  const filter = `${from === 'server' ? 'tcp.srcport' : 'tcp.dstport'}==${port} && tcp.len>0`;
  const result = await run('tshark', ['-r', pcap, '-Y', filter, '-T', 'fields', '-e', 'tcp.payload'], {
    timeoutMs: 120_000,
  });
  expect(result.code).toBe(0);
  return new Uint8Array(Buffer.from(result.stdout.replace(/[\s:]/g, ''), 'hex'));
}

interface Row {
  csid: number;
  typeId: number;
  timestamp: number;
  length: number;
}

type Json = Record<string, unknown>;
const asList = (value: unknown): Json[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]) as Json[];

/**
 * Wireshark's messages in one direction. tshark computes absolute timestamps for type 1/2/3
 * headers except after an extended field, which it shows raw (`ets`): then we add it ourselves.
 */
async function tsharkRows(pcap: string, port: number, from: 'server' | 'client'): Promise<Row[]> {
  const direction = from === 'server' ? 'tcp.srcport' : 'tcp.dstport';
  const result = await run(
    'tshark',
    [
      ...['-r', pcap, '-d', `tcp.port==${port},rtmpt`, '-o', 'rtmpt.max_packet_size:16777216'],
      ...['-Y', `${direction}==${port} && rtmpt`, '-T', 'json', '-J', 'rtmpt', '--no-duplicate-keys'],
    ],
    { timeoutMs: 120_000 },
  );
  expect(result.code).toBe(0);
  const rows: Row[] = [];
  const state = new Map<number, { typeId: number; length: number; timestamp: number }>();
  for (const frame of JSON.parse(result.stdout) as Json[]) {
    const layers = (frame._source as Json).layers as Json;
    for (const layer of asList(layers.rtmpt)) {
      for (const h of asList(layer['RTMP Header'])) {
        const csid = Number(h['rtmpt.header.csid']);
        const st = state.get(csid) ?? { typeId: 0, length: 0, timestamp: 0 };
        if (h['rtmpt.header.typeid'] !== undefined) st.typeId = Number(h['rtmpt.header.typeid']);
        if (h['rtmpt.header.bodysize'] !== undefined) st.length = Number(h['rtmpt.header.bodysize']);
        if (h['rtmpt.header.timestamp'] !== undefined) st.timestamp = Number(h['rtmpt.header.timestamp']);
        else {
          const ets = Number(h['rtmpt.header.ets']);
          st.timestamp = Number(h['rtmpt.header.format']) === 0 ? ets : (st.timestamp + ets) >>> 0;
        }
        state.set(csid, st);
        rows.push({ csid, typeId: st.typeId, timestamp: st.timestamp, length: st.length });
      }
    }
  }
  return rows;
}

const rowsOf = (messages: DecodedMessage[]): Row[] =>
  messages.map((m) => ({
    csid: m.chunkStreamId,
    typeId: m.typeId,
    timestamp: m.timestamp,
    length: m.payload.length,
  }));

const sha1 = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');

/** True when tshark missed no segment of the capture (it can drop packets on a busy machine). */
async function captureComplete(pcap: string): Promise<boolean> {
  const filter = 'tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment';
  const result = await run('tshark', ['-r', pcap, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], {
    timeoutMs: 60_000,
  });
  return result.code === 0 && result.stdout.trim() === '';
}

/** Captures the command's traffic; retries (up to 3 times) when tshark dropped packets. */
async function captureWhile(port: number, command: string, args: string[]): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const capture: Capture = await startCapture([port]);
    const result = await run(command, args, { timeoutMs: 120_000 });
    expect(result.timedOut).toBe(false);
    const pcap = await capture.stop();
    if (await captureComplete(pcap)) return pcap;
    if (attempt === 3) throw new Error(`tshark dropped packets in 3 captures (busy machine?): ${pcap}`);
  }
}

function decodeInPieces(bytes: Uint8Array, piece: number): DecodedMessage[] {
  const decoder = new ChunkDecoder();
  const out: DecodedMessage[] = [];
  for (let at = 0; at < bytes.length; at += piece) out.push(...decoder.push(bytes.subarray(at, at + piece)));
  return out;
}

describeWithPeers(['nginx', 'rtmpdump', 'ffmpeg', 'tshark'], 'ChunkDecoder against real peers', () => {
  beforeAll(async () => {
    media = await testMedia();
    nginx = await startNginx({ mediaDir: media.dir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  describe('nginx-rtmp vod (rtmpdump client)', () => {
    for (const which of ['rtmpPort', 'rtmp128Port'] as const) {
      it(`decodes what nginx sends on ${which}`, async () => {
        const port = nginx![which];
        const pcap = await captureWhile(port, 'rtmpdump', [
          '-q',
          '-r',
          `rtmp://127.0.0.1:${port}/vod/small.flv`,
          '-o',
          '/dev/null',
        ]);
        const bytes = (await directionBytes(pcap, port, 'server')).subarray(HANDSHAKE);
        const messages = decodeInPieces(bytes, 16384);
        expect(rowsOf(decodeInPieces(bytes, 1000))).toEqual(rowsOf(messages));
        expect(rowsOf(messages)).toEqual(await tsharkRows(pcap, port, 'server'));
        // every A/V message is a tag of the source file, in order, with the same bytes. nginx's
        // vod drops messages when its send queue fills (a known nginx-rtmp bug, lab notes), which
        // happens at full speed on the 4096 server of a busy machine and shifts later timestamps:
        // there only order and bytes are checked; the chunk-128 server must deliver everything.
        const tags = flvTags(media!.small).tags.filter((t) => t.type === 8 || t.type === 9);
        const av = messages.filter((m) => m.typeId === 8 || m.typeId === 9);
        if (which === 'rtmp128Port') {
          expect(av.map((m) => [m.typeId, m.timestamp, m.payload.length, sha1(m.payload)])).toEqual(
            tags.slice(0, av.length).map((t) => [t.type, t.timestamp, t.size, t.sha1]),
          );
          expect(av.length).toBeGreaterThan(tags.length - 5);
        } else {
          let j = 0;
          for (const m of av) {
            const digest = sha1(m.payload);
            while (j < tags.length && tags[j]!.sha1 !== digest) j++;
            expect(j, 'decoded media message not found in order in the source').toBeLessThan(tags.length);
            expect([m.typeId, m.payload.length]).toEqual([tags[j]!.type, tags[j]!.size]);
            j++;
          }
          expect(av.length).toBeGreaterThan(tags.length * 0.75);
        }
      });
    }
  });

  describe('ffmpeg publishing with extended timestamps', () => {
    it('decodes what ffmpeg sends (extended field repeated on continuation chunks)', async () => {
      const port = nginx!.rtmpPort;
      const pcap = await captureWhile(port, 'ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', media!.small, '-c', 'copy'],
        ...['-output_ts_offset', '20000', '-f', 'flv', `rtmp://127.0.0.1:${port}/live/ext`],
      ]);
      const bytes = (await directionBytes(pcap, port, 'client')).subarray(HANDSHAKE);
      const decoder = new ChunkDecoder();
      const messages = decoder.push(bytes);
      expect(decoder.peerRepeatsExtendedTimestamp).toBe(true);
      expect(rowsOf(messages)).toEqual(await tsharkRows(pcap, port, 'client'));
      const tags = flvTags(media!.small).tags.filter((t) => t.type === 8 || t.type === 9);
      const av = messages.filter((m) => m.typeId === 8 || m.typeId === 9);
      // an unpaced ffmpeg may close before its last ~0.5 s is sent (lab note): compare the prefix
      expect(av.length).toBeGreaterThan(500);
      expect(av.map((m) => [m.typeId, m.payload.length, sha1(m.payload)])).toEqual(
        tags.slice(0, av.length).map((t) => [t.type, t.size, t.sha1]),
      );
      const later = av.filter((m) => m.timestamp !== 0);
      expect(later.length).toBeGreaterThan(500);
      for (const m of later) expect(m.timestamp).toBeGreaterThan(19_999_000); // AAC priming: -44 ms
    });
  });
});
