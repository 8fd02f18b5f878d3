/**
 * Interop: the RTMPT gateway (protocol.md §7) between real RTMPT clients nobody here wrote
 * (rtmpdump/librtmp and FFmpeg's native rtmpt) and a real RTMP server (nginx-rtmp). A download
 * through the tunnel must give the same FLV tags as a direct download. Then our own
 * @rtmp/transport-http against the same gateway: a raw plain handshake through the tunnel.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  makeTestCertificates,
  type NginxPeer,
  type PeerName,
  run,
  startNginx,
  type TestMedia,
  testMedia,
} from '@rtmp/test-peers';
import { connectHttpTransport } from '@rtmp/transport-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtmptGateway, type RtmptTraceEvent } from '../src/rtmpt/index.js';

interface Seen {
  url: string;
  body: Buffer;
  contentType: string | undefined;
}

/** The request shape every RTMPT client shares (protocol.md §7), checked on real traffic. */
function expectTunnelShape(seen: Seen[]): string {
  expect(seen[0]?.url).toBe('/open/1');
  expect([...(seen[0]?.body ?? [])]).toEqual([0]);
  const send0 = seen[1];
  const m = /^\/send\/([^/]+)\/0$/.exec(send0?.url ?? '');
  expect(m, send0?.url).not.toBeNull();
  const id = (m as RegExpExecArray)[1] as string;
  // C0 (version 3) + C1 in the first send.
  expect(send0?.body.length).toBe(1537);
  expect(send0?.body[0]).toBe(3);
  for (const r of seen) expect(r.contentType?.toLowerCase()).toBe('application/x-fcs');
  // One counter, +1 per request, from 0 after open.
  const seqs = seen.slice(1).map((r) => {
    const parts = r.url.split('/');
    expect(parts[2]).toBe(id);
    expect(['send', 'idle', 'close']).toContain(parts[1]);
    if (parts[1] !== 'send') expect([...r.body]).toEqual([0]);
    return Number(parts[3]);
  });
  expect(seqs).toEqual(seqs.map((_, i) => i));
  return id;
}

const needed = ['nginx', 'ffmpeg', 'rtmpdump', 'openssl'] as const satisfies readonly PeerName[];

describeWithPeers(needed, 'RtmptGateway against real peers', () => {
  let nginx: NginxPeer | undefined;
  let media: TestMedia;
  let gateway: RtmptGateway | undefined;
  let work: string;
  let tlsGateway: RtmptGateway | undefined;
  let tls12Gateway: RtmptGateway | undefined;
  let seen: Seen[] = [];
  const trace = (e: RtmptTraceEvent) =>
    seen.push({
      url: e.url,
      body: Buffer.from(e.body),
      contentType: e.headers['content-type'] as string | undefined,
    });

  beforeAll(async () => {
    media = await testMedia();
    nginx = await startNginx({ mediaDir: media.dir });
    // rtmpdump (librtmp 2.4) gives up when a reply head straddles the end of its 16 KiB receive
    // buffer (README, "Known issue"): the gateways it downloads through keep every reply within
    // that buffer, so that no download can end early. FFmpeg and our transport share this one.
    gateway = await RtmptGateway.listen({
      upstream: { host: '127.0.0.1', port: nginx.rtmp128Port },
      trace,
      librtmpSafe: true,
    });
    work = mkdtempSync(join(tmpdir(), 'rtmpt-interop-'));
    const certs = await makeTestCertificates(join(work, 'certs'));
    const tls = { key: readFileSync(certs.keyPath), cert: readFileSync(certs.certPath) };
    const upstream = { host: '127.0.0.1', port: nginx.rtmp128Port };
    tlsGateway = await RtmptGateway.listen({ upstream, tls });
    // librtmp 2.4 (Debian, GnuTLS) segfaults reading an RTMPTS reply over TLS 1.3, whatever the
    // server (reproduced with a Python https server); over TLS 1.2 it works.
    tls12Gateway = await RtmptGateway.listen({
      upstream,
      tls: { ...tls, maxVersion: 'TLSv1.2' },
      librtmpSafe: true,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await tlsGateway?.close();
    await tls12Gateway?.close();
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
    expectTunnelShape(seen);
    expect(seen.at(-1)?.url).toMatch(/^\/close\//);
  });

  it('ffmpeg (native rtmpt) downloads through the gateway the same tags as directly', async () => {
    const direct = join(work, 'direct-ff.flv');
    const tunnelled = join(work, 'rtmpt-ff.flv');
    const ff = (url: string, out: string) =>
      run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', url, '-c', 'copy', '-f', 'flv', out], {
        timeoutMs: 90_000,
      });
    seen = [];
    const [a, b] = await Promise.all([
      ff(`rtmp://127.0.0.1:${nginx!.rtmp128Port}/vod/small.flv`, direct),
      ff(`rtmpt://127.0.0.1:${gateway!.port}/vod/small.flv`, tunnelled),
    ]);
    expectTunnelShape(seen);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // ffmpeg's muxer rewrites onMetaData; audio and video must match exactly.
    const result = compareFlvTags(flvTags(direct), flvTags(tunnelled), { ignoreScript: true });
    expect(result.differences).toEqual([]);
    const source = compareFlvTags(flvTags(media.small), flvTags(tunnelled), { ignoreScript: true });
    expect(source.differences).toEqual([]);
  });

  it('our transport-http carries a plain handshake through the gateway: C0+C1 out, S0+S1+S2 back', async () => {
    seen = [];
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
    expect(expectTunnelShape(seen)).toBe(transport.sessionId);
    expect(seen.at(-1)?.url).toMatch(/^\/close\//);
  });

  it('rtmpts: rtmpdump (TLS 1.2) and ffmpeg (TLS 1.3) download through the gateway over HTTPS', async () => {
    const rd = join(work, 'rtmpts-rd.flv');
    const ff = join(work, 'rtmpts-ff.flv');
    // librtmp (GnuTLS) does not verify certificates; ffmpeg's tls does not by default.
    const [a, b] = await Promise.all([
      run('rtmpdump', ['-q', '-r', `rtmpts://127.0.0.1:${tls12Gateway!.port}/vod/small.flv`, '-o', rd], {
        timeoutMs: 90_000,
      }),
      run(
        'ffmpeg',
        [
          ...['-nostdin', '-loglevel', 'error', '-y'],
          ...['-i', `rtmpts://127.0.0.1:${tlsGateway!.port}/vod/small.flv`],
          ...['-c', 'copy', '-f', 'flv', ff],
        ],
        {
          timeoutMs: 90_000,
        },
      ),
    ]);
    expect([0, 2], a.stderr).toContain(a.code);
    expect(b.code, b.stderr).toBe(0);
    expect(compareFlvTags(flvTags(media.small), flvTags(rd), { ignoreEos: true }).differences).toEqual([]);
    expect(compareFlvTags(flvTags(media.small), flvTags(ff), { ignoreScript: true }).differences).toEqual([]);
  });

  it('a 20 s high-bitrate file through the tunnel: identical tags, buffers bounded (upstream paused)', async () => {
    const big = await media.bigPath(20);
    const name = big.split('/').at(-1) as string;
    const direct = join(work, 'big-direct.flv');
    const tunnelled = join(work, 'big-rtmpt.flv');
    let t = performance.now();
    const a = await run(
      'rtmpdump',
      ['-q', '-r', `rtmp://127.0.0.1:${nginx!.rtmp128Port}/vod/${name}`, '-o', direct],
      {
        timeoutMs: 120_000,
      },
    );
    const directMs = performance.now() - t;
    // One download, which must be whole: before the gateway kept replies within librtmp's buffer,
    // about one such download in 8 ended early (rtmpdump exits 2 with tags missing).
    t = performance.now();
    const b = await run(
      'rtmpdump',
      ['-q', '-r', `rtmpt://127.0.0.1:${gateway!.port}/vod/${name}`, '-o', tunnelled],
      {
        timeoutMs: 120_000,
      },
    );
    const tunnelMs = performance.now() - t;
    expect(b.timedOut, b.stderr).toBe(false);
    expect([0, 2], b.stderr).toContain(b.code);
    const got = flvTags(tunnelled);
    expect(got.trailingBytes).toBe(0);
    expect(
      compareFlvTags(flvTags(direct), got).differences,
      `${b.stderr.slice(-300)} ${JSON.stringify(gateway!.stats)}`,
    ).toEqual([]);
    expect([0, 2], a.stderr).toContain(a.code);
    const mb = statSync(big).size / 1e6;
    console.log(
      `rtmpdump ${mb.toFixed(1)} MB from nginx (chunk 128): direct ${directMs.toFixed(0)} ms (${(mb / (directMs / 1000)).toFixed(0)} MB/s), ` +
        `via RTMPT gateway (librtmpSafe) ${tunnelMs.toFixed(0)} ms (${(mb / (tunnelMs / 1000)).toFixed(0)} MB/s)`,
    );
  });
});

describe('our transport through the gateway (no third-party peer needed)', () => {
  it('echoes 64 MiB with bounded buffers and reports the throughput', async () => {
    const echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const gw = await RtmptGateway.listen({
      upstream: { host: '127.0.0.1', port: (echo.address() as AddressInfo).port },
    });
    try {
      const transport = await connectHttpTransport(`rtmpt://127.0.0.1:${gw.port}/echo`);
      const total = 64 * 1024 * 1024;
      const chunk = new Uint8Array(64 * 1024);
      for (let i = 0; i < chunk.length; i++) chunk[i] = i & 0xff;
      const started = performance.now();
      const writer = (async () => {
        for (let sent = 0; sent < total; sent += chunk.length)
          if (!transport.write(chunk)) await transport.drain();
      })();
      let got = 0;
      let ok = true;
      for await (const part of transport) {
        for (let i = 0; i < part.length; i += 4099) ok &&= part[i] === ((got + i) & 0xff);
        got += part.length;
        if (got >= total) break;
      }
      await writer;
      const ms = performance.now() - started;
      await transport.closed;
      expect(ok).toBe(true);
      expect(got).toBe(total);
      // Batching: 1 MiB per POST by default, not one POST per 64 KiB write.
      expect(transport.stats.sends).toBeLessThanOrEqual(70);
      console.log(
        `transport-http + RtmptGateway echo: 64 MiB in ${ms.toFixed(0)} ms = ${(total / 1e6 / (ms / 1000)).toFixed(1)} MB/s ` +
          `each way, ${transport.stats.requests} requests (${transport.stats.sends} sends)`,
      );
    } finally {
      await gw.close();
      await new Promise<void>((r) => echo.close(() => r()));
    }
  });
});
