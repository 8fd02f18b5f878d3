/**
 * Interop: the RTMPT gateway (protocol.md §7) between real RTMPT clients nobody here wrote
 * (rtmpdump/librtmp and FFmpeg's native rtmpt) and a real RTMP server (nginx-rtmp). A download
 * through the tunnel must give the same FLV tags as a direct download. Then our own
 * @rtmp/transport-http against the same gateway: a raw plain handshake through the tunnel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  type NginxPeer,
  type PeerName,
  run,
  startNginx,
  type TestMedia,
  testMedia,
} from '@rtmp/test-peers';
import { connectHttpTransport } from '@rtmp/transport-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RtmptGateway } from '../src/rtmpt/index.js';

const needed = ['nginx', 'ffmpeg', 'rtmpdump'] as const satisfies readonly PeerName[];

describeWithPeers(needed, 'RtmptGateway against real peers', () => {
  let nginx: NginxPeer | undefined;
  let media: TestMedia;
  let gateway: RtmptGateway | undefined;
  let work: string;

  beforeAll(async () => {
    media = await testMedia();
    nginx = await startNginx({ mediaDir: media.dir });
    gateway = await RtmptGateway.listen({ upstream: { host: '127.0.0.1', port: nginx.rtmp128Port } });
    work = mkdtempSync(join(tmpdir(), 'rtmpt-interop-'));
  });

  afterAll(async () => {
    await gateway?.close();
    await nginx?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('rtmpdump downloads through the gateway the same tags as directly', async () => {
    const direct = join(work, 'direct-rd.flv');
    const tunnelled = join(work, 'rtmpt-rd.flv');
    const a = await run(
      'rtmpdump',
      ['-q', '-r', `rtmp://127.0.0.1:${nginx!.rtmp128Port}/vod/small.flv`, '-o', direct],
      {
        timeoutMs: 60_000,
      },
    );
    const b = await run(
      'rtmpdump',
      ['-q', '-r', `rtmpt://127.0.0.1:${gateway!.port}/vod/small.flv`, '-o', tunnelled],
      {
        timeoutMs: 90_000,
      },
    );
    expect(a.timedOut).toBe(false);
    expect(b.timedOut, b.stderr).toBe(false);
    expect([0, 2]).toContain(b.code);
    const result = compareFlvTags(flvTags(direct), flvTags(tunnelled));
    expect(result.differences).toEqual([]);
    // And against the source file (librtmp drops the 5-byte AVC end-of-sequence tag).
    const source = compareFlvTags(flvTags(media.small), flvTags(tunnelled), { ignoreEos: true });
    expect(source.differences).toEqual([]);
    expect(flvTags(tunnelled).tags.length).toBeGreaterThan(700);
  });

  it('ffmpeg (native rtmpt) downloads through the gateway the same tags as directly', async () => {
    const direct = join(work, 'direct-ff.flv');
    const tunnelled = join(work, 'rtmpt-ff.flv');
    const ff = (url: string, out: string) =>
      run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', url, '-c', 'copy', '-f', 'flv', out], {
        timeoutMs: 90_000,
      });
    const [a, b] = await Promise.all([
      ff(`rtmp://127.0.0.1:${nginx!.rtmp128Port}/vod/small.flv`, direct),
      ff(`rtmpt://127.0.0.1:${gateway!.port}/vod/small.flv`, tunnelled),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // ffmpeg's muxer rewrites onMetaData; audio and video must match exactly.
    const result = compareFlvTags(flvTags(direct), flvTags(tunnelled), { ignoreScript: true });
    expect(result.differences).toEqual([]);
    const source = compareFlvTags(flvTags(media.small), flvTags(tunnelled), { ignoreScript: true });
    expect(source.differences).toEqual([]);
  });

  it('our transport-http carries a plain handshake through the gateway: C0+C1 out, S0+S1+S2 back', async () => {
    const transport = await connectHttpTransport(`rtmpt://127.0.0.1:${gateway!.port}/vod`);
    expect(transport.sessionId).toMatch(/^[0-9a-f]{16}$/);
    const c1 = new Uint8Array(1536);
    for (let i = 8; i < c1.length; i++) c1[i] = (i * 7) & 0xff;
    const c0c1 = new Uint8Array(1537);
    c0c1[0] = 3;
    c0c1.set(c1, 1);
    transport.write(c0c1);
    const got = new Uint8Array(1 + 1536 * 2);
    let at = 0;
    for await (const chunk of transport) {
      got.set(chunk.subarray(0, Math.min(chunk.length, got.length - at)), at);
      at += chunk.length;
      if (at >= got.length) break;
    }
    expect(at).toBe(got.length); // nothing more before C2: the server waits for it
    expect(got[0]).toBe(3); // S0: version 3
    // S2 echoes C1's random part (nginx-rtmp, old-style handshake: C1 has a zero version field).
    expect(Buffer.from(got.subarray(1 + 1536 + 8)).equals(Buffer.from(c1.subarray(8)))).toBe(true);
    await transport.closed;
    expect(transport.stats.sends).toBe(1);
    expect(transport.stats.bytesSent).toBe(1537);
  });
});
