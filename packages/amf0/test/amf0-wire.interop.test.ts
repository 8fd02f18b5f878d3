/**
 * Live wire interop: librtmp (rtmpdump) encodes a connect with extra `-C` arguments of every
 * kind, nginx-rtmp answers; tshark captures loopback. Every AMF0 body on the wire, from both
 * peers, decodes and re-encodes byte-exact, and the connect carries exactly what was asked.
 */
import { requirePeer, run, startCapture, startNginx, testMedia } from '@rtmp/test-peers';
import { describe, expect, it } from 'vitest';
import { decodeAmf0, decodeAmf0Lossless, encodeAmf0Lossless } from '../src/index.js';
import { capturedMessages } from './fixtures/extract-messages.js';

describe('AMF0 on the wire (rtmpdump → nginx-rtmp, tshark)', () => {
  it('decodes what librtmp and nginx-rtmp send, including custom connect arguments', async (ctx) => {
    requirePeer({ skip: (note?: string) => ctx.skip(note) }, 'nginx', 'rtmpdump', 'tshark', 'ffmpeg');
    const media = await testMedia();
    const nginx = await startNginx({ mediaDir: media.dir });
    try {
      const capture = await startCapture([nginx.rtmpPort]);
      const url = `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`;
      const conn = [
        'B:1',
        'S:héllo wörld',
        'N:1.5',
        'O:1',
        'NS:key:value',
        'NN:num:-2',
        'NO:inner:1',
        'NB:deep:0',
        'O:0',
        'O:0',
        'Z:',
      ];
      const result = await run(
        'rtmpdump',
        ['-q', '-r', url, '-o', '/dev/null', '--stop', '1', ...conn.flatMap((c) => ['-C', c])],
        {
          timeoutMs: 60_000,
        },
      );
      expect([0, 2]).toContain(result.code);
      const pcap = await capture.stop();
      const messages = (await capturedMessages(pcap, nginx.rtmpPort)).filter(
        (m) => m.type === 18 || m.type === 20,
      );
      expect(messages.length).toBeGreaterThan(5);
      for (const message of messages) {
        expect(Buffer.from(encodeAmf0Lossless(decodeAmf0Lossless(message.body))).equals(message.body)).toBe(
          true,
        );
      }
      const connect = decodeAmf0(messages.find((m) => !m.fromServer)!.body);
      expect(connect.slice(0, 2)).toEqual(['connect', 1]);
      expect((connect[2] as Record<string, unknown>).app).toBe('vod');
      expect((connect[2] as Record<string, unknown>).tcUrl).toBe(`rtmp://127.0.0.1:${nginx.rtmpPort}/vod`);
      const record = (o: Record<string, unknown>) => Object.assign(Object.create(null), o);
      expect(connect.slice(3)).toEqual([
        true,
        'héllo wörld',
        1.5,
        record({ key: 'value', num: -2, inner: record({ deep: false }) }),
        null,
      ]);
      const replies = messages.filter((m) => m.fromServer).map((m) => decodeAmf0(m.body)[0]);
      expect(replies).toContain('_result');
      expect(replies).toContain('onStatus');
      expect(replies).toContain('onMetaData');
    } finally {
      await nginx.stop();
    }
  });
});
