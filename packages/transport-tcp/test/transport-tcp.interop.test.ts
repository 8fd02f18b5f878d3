// Interop: our TCP/TLS/SOCKS transport against real peers — nginx-rtmp (plain RTMP handshake
// C0+C1 → S0+S1+S2), nginx's stream module terminating TLS for rtmps (test CA trusted / not
// trusted), SOCKS through our in-test proxy, microsocks and Dante, and our SOCKS request bytes
// compared with curl's for the same targets.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { RtmpError } from '@rtmp/core';
import { describeWithPeers, type NginxPeer, startNginx } from '@rtmp/test-peers';
import { connectTcp, connectTls, type SocketTransport, SocksClientHandshake } from '@rtmp/transport-tcp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSocksProxy } from './support/socks-proxy.js';
import { requireProgram, startDante, startMicrosocks } from './support/socks-servers.js';

const HANDSHAKE_SIZE = 1536;

/** C0 (0x03) + C1 (time 0, four zero version bytes = simple handshake, patterned filler). */
function c0c1(): Uint8Array {
  const bytes = new Uint8Array(1 + HANDSHAKE_SIZE);
  bytes[0] = 3;
  for (let i = 9; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

/** Sends C0+C1 and reads exactly S0+S1+S2 (3073 bytes); returns them. */
async function handshake(
  transport: SocketTransport,
): Promise<{ s0: number; s1: Buffer; s2: Buffer; c1: Buffer }> {
  const c = c0c1();
  transport.write(c);
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = transport[Symbol.asyncIterator]();
  while (length < 1 + 2 * HANDSHAKE_SIZE) {
    const { value, done } = await iterator.next();
    if (done) throw new Error(`server closed after ${length} handshake bytes`);
    chunks.push(Buffer.from(value));
    length += value.length;
  }
  const all = Buffer.concat(chunks);
  expect(all.length).toBe(1 + 2 * HANDSHAKE_SIZE); // the server waits for C2 before sending anything else
  return {
    s0: all[0] as number,
    s1: all.subarray(1, 1 + HANDSHAKE_SIZE),
    s2: all.subarray(1 + HANDSHAKE_SIZE),
    c1: Buffer.from(c.subarray(1)),
  };
}

/** Full simple handshake: S0 = 3, S2 echoes C1's random part, C2 = S1 is accepted (no close). */
async function checkHandshake(transport: SocketTransport): Promise<void> {
  const { s0, s1, s2, c1 } = await handshake(transport);
  expect(s0).toBe(3);
  expect(s2.subarray(8).equals(c1.subarray(8))).toBe(true);
  transport.write(s1); // C2
  await transport.end();
}

let nginx: NginxPeer;
let ca: string;

describeWithPeers(['nginx', 'openssl'], 'transport-tcp against nginx-rtmp', () => {
  beforeAll(async () => {
    nginx = await startNginx();
    ca = readFileSync(nginx.caPath, 'utf8');
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('rtmp:// over TCP: C0+C1 → S0+S1+S2', async () => {
    await checkHandshake(await connectTcp({ host: '127.0.0.1', port: nginx.rtmpPort }));
    await checkHandshake(await connectTcp({ host: 'localhost', port: nginx.rtmp128Port }));
  });

  it('rtmps:// through the nginx stream TLS terminator with the test CA trusted', async () => {
    const transport = await connectTls({ host: '127.0.0.1', port: nginx.rtmpsPort }, { ca });
    expect(transport.kind).toBe('tls');
    await checkHandshake(transport);
    await checkHandshake(await connectTls({ host: 'localhost', port: nginx.rtmpsPort }, { ca }));
  });

  it('rtmps:// with the CA not trusted or the wrong name → TRANSPORT_TLS_FAILED', async () => {
    const untrusted = await connectTls({ host: '127.0.0.1', port: nginx.rtmpsPort }).catch((e: unknown) => e);
    expect(RtmpError.hasCode(untrusted, 'TRANSPORT_TLS_FAILED')).toBe(true);
    expect((untrusted as RtmpError).details).toMatchObject({ reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const wrongName = await connectTls(
      { host: '127.0.0.1', port: nginx.rtmpsPort },
      { ca, servername: 'rtmp.example.net' },
    ).catch((e: unknown) => e);
    expect(RtmpError.hasCode(wrongName, 'TRANSPORT_TLS_FAILED')).toBe(true);
    expect((wrongName as RtmpError).details).toMatchObject({ reason: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('through the in-test SOCKS proxy (4, 4a, 5) to rtmp, and TLS over SOCKS5 to rtmps', async () => {
    const proxy = await startSocksProxy();
    try {
      for (const version of [4, '4a', 5] as const) {
        await checkHandshake(
          await connectTcp(
            { host: 'localhost', port: nginx.rtmpPort },
            { proxy: { host: '127.0.0.1', port: proxy.port, version } },
          ),
        );
      }
      await checkHandshake(
        await connectTls(
          { host: 'localhost', port: nginx.rtmpsPort },
          { ca, proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } },
        ),
      );
      expect(proxy.requests.map((r) => r.host)).toEqual(['127.0.0.1', 'localhost', 'localhost', 'localhost']);
    } finally {
      await proxy.close();
    }
  });

  it('through microsocks (SOCKS5 no-auth and user/password) to rtmp and rtmps', async (ctx) => {
    requireProgram(ctx, 'microsocks');
    const open = await startMicrosocks();
    const authed = await startMicrosocks({ username: 'rtmp', password: 'pw' });
    try {
      await checkHandshake(
        await connectTcp(
          { host: 'localhost', port: nginx.rtmpPort },
          { proxy: { host: '127.0.0.1', port: open.port, version: 5 } },
        ),
      );
      await checkHandshake(
        await connectTls(
          { host: '127.0.0.1', port: nginx.rtmpsPort },
          {
            ca,
            proxy: { host: '127.0.0.1', port: authed.port, version: 5, username: 'rtmp', password: 'pw' },
          },
        ),
      );
      const denied = await connectTcp(
        { host: '127.0.0.1', port: nginx.rtmpPort },
        { proxy: { host: '127.0.0.1', port: authed.port, version: 5, username: 'rtmp', password: 'wrong' } },
      ).catch((e: unknown) => e);
      expect(RtmpError.hasCode(denied, 'TRANSPORT_SOCKS_FAILED')).toBe(true);
    } finally {
      await open.stop();
      await authed.stop();
    }
  });

  it('through Dante (SOCKS4 as librtmp does it, SOCKS5); Dante refuses SOCKS4a with code 91', async (ctx) => {
    requireProgram(ctx, 'danted');
    const dante = await startDante();
    try {
      await checkHandshake(
        await connectTcp(
          { host: 'localhost', port: nginx.rtmpPort },
          { proxy: { host: '127.0.0.1', port: dante.port, version: 4 } },
        ),
      );
      await checkHandshake(
        await connectTcp(
          { host: 'localhost', port: nginx.rtmpPort },
          { proxy: { host: '127.0.0.1', port: dante.port, version: 5 } },
        ),
      );
      const refused = await connectTcp(
        { host: 'localhost', port: nginx.rtmpPort },
        { proxy: { host: '127.0.0.1', port: dante.port, version: '4a' } },
      ).catch((e: unknown) => e);
      expect(RtmpError.hasCode(refused, 'TRANSPORT_SOCKS_FAILED')).toBe(true);
      expect((refused as RtmpError).details).toMatchObject({ replyCode: 91 });
    } finally {
      await dante.stop();
    }
  });
});

describe('SOCKS request bytes compared with curl', () => {
  /** Runs curl through a recording proxy that refuses the CONNECT; returns what curl sent. */
  async function curlBytes(args: string[]): Promise<Buffer> {
    const socks5 = args[0]?.startsWith('--socks5') ?? false;
    const proxy = await startSocksProxy({ rejectWith: socks5 ? 5 : 91 });
    try {
      const argv = [
        '-s',
        '--max-time',
        '5',
        ...args.map((a) => a.replace('PROXY', `127.0.0.1:${proxy.port}`)),
      ];
      const child = spawn('curl', argv, { stdio: 'ignore' });
      await new Promise((resolve) => child.once('exit', resolve));
      expect(proxy.requests).toHaveLength(1);
      return (proxy.requests[0] as { raw: Buffer }).raw;
    } finally {
      await proxy.close();
    }
  }

  function ours(host: string, port: number, version: 4 | '4a' | 5): Buffer {
    const h = new SocksClientHandshake({ host, port, version });
    const first = Buffer.from(h.start());
    if (version !== 5) return first;
    return Buffer.from(h.receive(Uint8Array.of(5, 0)).send as Uint8Array);
  }

  /** SOCKS5: drop the method offer (curl also offers GSSAPI, method 1), keep the CONNECT request. */
  function connectRequest(raw: Buffer): Buffer {
    expect(raw[0]).toBe(5);
    const methods = [...raw.subarray(2, 2 + (raw[1] as number))];
    expect(methods).toContain(0);
    return raw.subarray(2 + methods.length);
  }

  it('SOCKS4 and SOCKS4a requests, and the SOCKS5 CONNECT request, are byte-identical to curl', async (ctx) => {
    requireProgram(ctx, 'curl');
    expect((await curlBytes(['--socks4', 'PROXY', 'http://127.0.0.1:1935/'])).toString('hex')).toBe(
      ours('127.0.0.1', 1935, 4).toString('hex'),
    );
    expect((await curlBytes(['--socks4a', 'PROXY', 'http://rtmp.example.com:1935/'])).toString('hex')).toBe(
      ours('rtmp.example.com', 1935, '4a').toString('hex'),
    );
    const named = connectRequest(
      await curlBytes(['--socks5-hostname', 'PROXY', 'http://rtmp.example.com:443/']),
    );
    expect(named.toString('hex')).toBe(ours('rtmp.example.com', 443, 5).toString('hex'));
    const address = connectRequest(await curlBytes(['--socks5', 'PROXY', 'http://10.9.8.7:1935/']));
    expect(address.toString('hex')).toBe(ours('10.9.8.7', 1935, 5).toString('hex'));
  });
});
