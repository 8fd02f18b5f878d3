// Hostile transports: TLS with a certificate for another host name (and an untrusted one), and
// RTMPT (through our RtmptGateway) whose HTTP layer breaks mid-stream: a 500, a session id the
// server no longer knows, a wrong Content-Type. Each ends typed, on time, with a valid partial FLV.
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { RtmptGateway } from '@rtmp/server';
import { flvTags } from '@rtmp/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type PeerScript,
  type RtmptFault,
  runClient,
  startRtmptFaultProxy,
  startScriptedServer,
} from '../src/index.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);
const measured: Array<Record<string, unknown>> = [];
function note(name: string, outcome: { code: string; elapsedMs: number; rssGrowth: number; flv: Buffer }) {
  const tags = outcome.flv.length > 0 ? flvTags(outcome.flv).tags.length : 0;
  measured.push({
    name,
    code: outcome.code,
    ms: Math.round(outcome.elapsedMs),
    rssMiB: +(outcome.rssGrowth / 2 ** 20).toFixed(1),
    tags,
  });
}

afterAll(() => {
  if (process.env.HOSTILE_REPORT)
    writeFileSync(`${process.env.HOSTILE_REPORT}.transport.json`, JSON.stringify(measured, null, 1));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const tlsMaterial = { cert: fixture('cert.pem'), key: fixture('key.pem') };
const ca = fixture('ca.pem').toString();
const MIB = 1024 * 1024;

/** Plays `count` video messages `gapMs` apart, then ends the stream. */
function pacedPlay(count: number, gapMs: number): PeerScript {
  return async (peer, signal) => {
    const play = await peer.serveToPlay();
    if (!play) return;
    for (let i = 0; i < count && !peer.closed && !signal.aborted; i++) {
      await peer.mediaRun(play.streamId, 1, i * 40);
      if (gapMs > 0) await sleep(gapMs);
    }
    await peer.apply(peer.session.endPlay(play.streamId));
    await peer.serveUntil(() => false);
  };
}

describe('TLS', () => {
  it('control: the right name and CA connect and play (10 tags)', async () => {
    const server = await startScriptedServer(pacedPlay(10, 0), {}, tlsMaterial);
    try {
      const outcome = await runClient({ url: server.url(), options: { tls: { ca } } });
      expect(outcome.code).toBe('ok');
      expect(flvTags(outcome.flv).tags.length).toBe(10);
    } finally {
      await server.close();
    }
  });

  it('wrong host name: TRANSPORT_TLS_FAILED (ERR_TLS_CERT_ALTNAME_INVALID) before any RTMP byte', async () => {
    const server = await startScriptedServer(pacedPlay(10, 0), {}, tlsMaterial);
    try {
      const outcome = await runClient({
        url: server.url(),
        options: { tls: { ca, servername: 'rtmp.wrong-host.example' } },
      });
      note('tls-wrong-host-name', outcome);
      expect(outcome.code).toBe('TRANSPORT_TLS_FAILED');
      expect(JSON.stringify((outcome.error as { details?: unknown }).details)).toContain('ALTNAME');
      expect(outcome.phase).toBe('connect');
      expect(outcome.elapsedMs).toBeLessThan(1000);
      expect(outcome.rssGrowth).toBeLessThan(64 * MIB);
      expect(server.peers.every((p) => p.events.length === 0)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('untrusted certificate (no CA given): TRANSPORT_TLS_FAILED', async () => {
    const server = await startScriptedServer(pacedPlay(10, 0), {}, tlsMaterial);
    try {
      const outcome = await runClient({ url: server.url() });
      note('tls-untrusted-certificate', outcome);
      expect(outcome.code).toBe('TRANSPORT_TLS_FAILED');
      expect(outcome.elapsedMs).toBeLessThan(1000);
    } finally {
      await server.close();
    }
  });
});

describe('RTMPT through a breaking HTTP front', () => {
  async function viaRtmpt(fault: RtmptFault, afterBytes: number) {
    const server = await startScriptedServer(pacedPlay(150, 5));
    const gateway = await RtmptGateway.listen({ upstream: { host: '127.0.0.1', port: server.port } });
    const proxy = await startRtmptFaultProxy(gateway.port, fault, afterBytes);
    try {
      const outcome = await runClient({ url: `rtmpt://127.0.0.1:${proxy.port}/live/stream` });
      return { outcome, stats: { ...proxy.stats } };
    } finally {
      await proxy.close();
      await gateway.close();
      await server.close();
    }
  }

  it('control: an honest front plays all 150 tags', async () => {
    const { outcome } = await viaRtmpt('status-500', Number.POSITIVE_INFINITY);
    expect(outcome.code).toBe('ok');
    expect(flvTags(outcome.flv).tags.length).toBe(150);
  });

  const cases: Array<[RtmptFault, string[]]> = [
    ['status-500', ['TRANSPORT_HTTP_STATUS']],
    ['session-id-changes', ['TRANSPORT_HTTP_STATUS', 'TRANSPORT_HTTP_SESSION_CLOSED']],
    ['wrong-content-type', ['TRANSPORT_HTTP_CONTENT_TYPE']],
  ];
  for (const [fault, codes] of cases) {
    it(`${fault} mid-stream: ${codes.join(' / ')}, partial FLV valid`, async () => {
      const { outcome, stats } = await viaRtmpt(fault, 8000);
      note(`rtmpt-${fault}`, outcome);
      expect(stats.broken).toBeGreaterThan(0);
      expect(codes).toContain(outcome.code);
      expect(outcome.phase).toBe('stream');
      expect(outcome.elapsedMs).toBeLessThan(5000);
      expect(outcome.rssGrowth).toBeLessThan(64 * MIB);
      const flv = flvTags(outcome.flv);
      expect(flv.trailingBytes).toBe(0);
      expect(flv.tags.length).toBeGreaterThan(0);
      expect(flv.tags.length).toBeLessThan(150);
    });
  }
});
