// connectTls against an in-process TLS server with openssl-made certificates: trusted CA works
// (SNI sent for names), untrusted and self-signed certificates and a wrong host name fail with
// TRANSPORT_TLS_FAILED naming the reason, rejectUnauthorized:false, TLS over SOCKS5, TLS timeout.
import type { TLSSocket } from 'node:tls';
import { RtmpError } from '@rtmp/core';
import { connectTls } from '@rtmp/transport-tcp';
import { afterEach, describe, expect, it } from 'vitest';
import {
  activeResources,
  delay,
  settledResources,
  tcpServer,
  testCertificates,
  tlsServer,
} from './support/servers.js';
import { startSocksProxy } from './support/socks-proxy.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function echoTls(which: 'ca-signed' | 'self-signed' = 'ca-signed') {
  const names: Array<string | false | null> = [];
  const server = await tlsServer((socket: TLSSocket) => {
    names.push(socket.servername);
    socket.pipe(socket);
  }, which);
  cleanups.push(() => server.close());
  return { port: server.port, names };
}

async function refusal(promise: Promise<unknown>): Promise<RtmpError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(RtmpError.is(error)).toBe(true);
  return error as RtmpError;
}

async function echo(transport: Awaited<ReturnType<typeof connectTls>>, text: string): Promise<string> {
  transport.write(Buffer.from(text));
  let got = '';
  const iterator = transport[Symbol.asyncIterator]();
  while (got.length < text.length) {
    const { value, done } = await iterator.next();
    if (done) break;
    got += Buffer.from(value).toString();
  }
  await transport.end();
  return got;
}

describe('connectTls', () => {
  it('connects with the test CA trusted, by IP (no SNI) and by name (SNI = name)', async () => {
    const { ca } = testCertificates();
    const { port, names } = await echoTls();
    const byIp = await connectTls({ host: '127.0.0.1', port }, { ca });
    expect(byIp.kind).toBe('tls');
    expect(await echo(byIp, 'secure hello')).toBe('secure hello');
    const byName = await connectTls({ host: 'localhost', port }, { ca: Buffer.from(ca) });
    expect(await echo(byName, 'named')).toBe('named');
    expect(names).toEqual([false, 'localhost']);
  });

  it('fails with TRANSPORT_TLS_FAILED when the CA is not trusted', async () => {
    const { port } = await echoTls();
    const error = await refusal(connectTls({ host: '127.0.0.1', port }));
    expect(error.code).toBe('TRANSPORT_TLS_FAILED');
    expect(error.details).toMatchObject({ reason: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', phase: 'tls' });
    expect(error.message).toMatch(/not signed by a trusted CA/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('fails with TRANSPORT_TLS_FAILED for a self-signed server certificate', async () => {
    const { ca } = testCertificates();
    const { port } = await echoTls('self-signed');
    const error = await refusal(connectTls({ host: '127.0.0.1', port }, { ca }));
    expect(error.code).toBe('TRANSPORT_TLS_FAILED');
    expect(error.details).toMatchObject({ reason: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(error.message).toMatch(/self-signed/);
  });

  it('fails with TRANSPORT_TLS_FAILED when the host name does not match', async () => {
    const { ca } = testCertificates();
    const { port } = await echoTls();
    const error = await refusal(
      connectTls({ host: '127.0.0.1', port }, { ca, servername: 'rtmp.example.com' }),
    );
    expect(error.code).toBe('TRANSPORT_TLS_FAILED');
    expect(error.details).toMatchObject({ reason: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(error.message).toMatch(/does not match the host name/);
  });

  it('rejectUnauthorized:false accepts an untrusted certificate', async () => {
    const { port } = await echoTls('self-signed');
    const transport = await connectTls({ host: '127.0.0.1', port }, { rejectUnauthorized: false });
    expect(await echo(transport, 'insecure')).toBe('insecure');
  });

  it('runs TLS inside a SOCKS5 tunnel (end to end with the target)', async () => {
    const { ca } = testCertificates();
    const { port, names } = await echoTls();
    const proxy = await startSocksProxy();
    cleanups.push(() => proxy.close());
    const transport = await connectTls(
      { host: 'localhost', port },
      { ca, proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } },
    );
    expect(await echo(transport, 'tunnelled tls')).toBe('tunnelled tls');
    expect(proxy.requests[0]).toMatchObject({ version: 5, host: 'localhost', port });
    expect(names).toEqual(['localhost']);
  });

  it('a server that never answers the ClientHello → TRANSPORT_CONNECT_TIMEOUT in phase tls', async () => {
    const silent = await tcpServer(() => {});
    cleanups.push(() => silent.close());
    const error = await refusal(
      connectTls({ host: '127.0.0.1', port: silent.port }, { connectTimeout: 150 }),
    );
    expect(error.code).toBe('TRANSPORT_CONNECT_TIMEOUT');
    expect(error.details).toMatchObject({ phase: 'tls' });
  });

  it('a server that closes during the handshake → TRANSPORT_TLS_FAILED', async () => {
    const rude = await tcpServer((socket) => socket.once('data', () => socket.destroy()));
    cleanups.push(() => rude.close());
    const error = await refusal(connectTls({ host: '127.0.0.1', port: rude.port }));
    expect(error.code).toBe('TRANSPORT_TLS_FAILED');
  });

  it('a TCP RST under TLS while paused throws TRANSPORT_CONNECTION_RESET; close_notify + FIN ends cleanly', async () => {
    const { ca } = testCertificates();
    for (const ending of ['reset', 'end'] as const) {
      const server = await tlsServer((socket) => {
        socket.write(Buffer.alloc(400_000, 7));
        setTimeout(() => {
          if (ending === 'end') socket.end();
          else (socket as unknown as { _parent: import('node:net').Socket })._parent?.resetAndDestroy();
        }, 30);
      });
      cleanups.push(() => server.close());
      const transport = await connectTls(
        { host: '127.0.0.1', port: server.port },
        { ca, readHighWaterMark: 1024 },
      );
      await delay(80);
      let total = 0;
      let error: unknown;
      try {
        for await (const chunk of transport) total += chunk.length;
      } catch (e) {
        error = e;
      }
      if (ending === 'end') {
        expect(error).toBeUndefined();
        expect(total).toBe(400_000);
      } else {
        expect(total).toBeLessThan(400_000);
        expect(RtmpError.hasCode(error, 'TRANSPORT_CONNECTION_RESET')).toBe(true);
      }
    }
  });

  it('leaves nothing running after TLS success and failure', async () => {
    const { ca } = testCertificates();
    const { port } = await echoTls();
    await delay(10);
    const before = activeResources();
    for (let i = 0; i < 3; i++)
      expect(await echo(await connectTls({ host: '127.0.0.1', port }, { ca }), 'x')).toBe('x');
    await refusal(connectTls({ host: '127.0.0.1', port }));
    const t = await connectTls({ host: '127.0.0.1', port }, { ca });
    t.destroy();
    await t.closed;
    expect(await settledResources(before)).toEqual({});
  });
});
