// connectTcp through the in-test SOCKS4/4a/5 proxy: what the proxy sees, tunnelled echo,
// refusals with the proxy's reply code, a proxy that hangs up, and a refused proxy.

import { RtmpError } from '@rtmp/core';
import { connectTcp, type SocksProxy as ProxyOption, type SocketTransport } from '@rtmp/transport-tcp';
import { afterEach, describe, expect, it } from 'vitest';
import { echoServer, type TestServer } from './support/servers.js';
import { type SocksProxyOptions, startSocksProxy } from './support/socks-proxy.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function setup(options: SocksProxyOptions = {}) {
  const echo: TestServer = await echoServer();
  cleanups.push(() => echo.close());
  const proxy = await startSocksProxy(options);
  cleanups.push(() => proxy.close());
  return { echo, proxy };
}

async function echoThrough(transport: SocketTransport, text: string): Promise<string> {
  transport.write(Buffer.from(text));
  const iterator = transport[Symbol.asyncIterator]();
  let got = '';
  while (got.length < text.length) {
    const { value, done } = await iterator.next();
    if (done) break;
    got += Buffer.from(value).toString();
  }
  await transport.end();
  return got;
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

describe('connectTcp through SOCKS', () => {
  const cases: Array<{
    name: string;
    proxy: Omit<ProxyOption, 'port' | 'host'>;
    host: string;
    seen: object;
  }> = [
    {
      name: 'SOCKS4 (librtmp socks=): the name is resolved here',
      proxy: {},
      host: 'localhost',
      seen: { version: 4, host: '127.0.0.1', socks4a: false, userId: '' },
    },
    {
      name: 'SOCKS4a: the proxy gets the name',
      proxy: { version: '4a', userId: 'me' },
      host: 'localhost',
      seen: { version: 4, host: 'localhost', socks4a: true, userId: 'me' },
    },
    {
      name: 'SOCKS5 no-auth with a name',
      proxy: { version: 5 },
      host: 'localhost',
      seen: { version: 5, host: 'localhost', methods: [0], addressType: 3 },
    },
    {
      name: 'SOCKS5 no-auth with an IPv4 address',
      proxy: { version: 5 },
      host: '127.0.0.1',
      seen: { version: 5, host: '127.0.0.1', addressType: 1 },
    },
  ];
  for (const c of cases) {
    it(`${c.name}: tunnels the echo`, async () => {
      const { echo, proxy } = await setup();
      const transport = await connectTcp(
        { host: c.host, port: echo.port },
        { proxy: { host: '127.0.0.1', port: proxy.port, ...c.proxy } },
      );
      expect(transport.remotePort).toBe(proxy.port);
      expect(await echoThrough(transport, 'through the proxy')).toBe('through the proxy');
      expect(proxy.requests).toHaveLength(1);
      expect(proxy.requests[0]).toMatchObject({ ...c.seen, port: echo.port });
    });
  }

  it('SOCKS5 user/password: right credentials tunnel, wrong ones fail with the auth status', async () => {
    const { echo, proxy } = await setup({ credentials: { username: 'alice', password: 's3cret' } });
    const good = await connectTcp(
      { host: '127.0.0.1', port: echo.port },
      { proxy: { host: '127.0.0.1', port: proxy.port, version: 5, username: 'alice', password: 's3cret' } },
    );
    expect(await echoThrough(good, 'authenticated')).toBe('authenticated');
    expect(proxy.requests[0]).toMatchObject({ methods: [0, 2], username: 'alice', password: 's3cret' });
    const bad = await refusal(
      connectTcp(
        { host: '127.0.0.1', port: echo.port },
        { proxy: { host: '127.0.0.1', port: proxy.port, version: 5, username: 'alice', password: 'nope' } },
      ),
    );
    expect(bad.code).toBe('TRANSPORT_SOCKS_FAILED');
    expect(bad.details).toMatchObject({ authStatus: 1 });
    const none = await refusal(
      connectTcp(
        { host: '127.0.0.1', port: echo.port },
        { proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } },
      ),
    );
    expect(none.code).toBe('TRANSPORT_SOCKS_FAILED');
    expect(none.details).toMatchObject({ method: 255 });
  });

  it.each([
    [4 as const, 91],
    ['4a' as const, 92],
    [5 as const, 5],
    [5 as const, 2],
  ])('SOCKS%s refusal with reply code %i → TRANSPORT_SOCKS_FAILED (split reply)', async (version, code) => {
    const { proxy } = await setup({ rejectWith: code, replyChunk: 1 });
    const error = await refusal(
      connectTcp(
        { host: '127.0.0.1', port: 1935 },
        { proxy: { host: '127.0.0.1', port: proxy.port, version } },
      ),
    );
    expect(error.code).toBe('TRANSPORT_SOCKS_FAILED');
    expect(error.details).toMatchObject({ replyCode: code });
  });

  it('the proxy reports a refused target (SOCKS5 code 5) when the target port is closed', async () => {
    const { echo, proxy } = await setup();
    const port = echo.port;
    await echo.close();
    const error = await refusal(
      connectTcp({ host: '127.0.0.1', port }, { proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } }),
    );
    expect(error.details).toMatchObject({ replyCode: 5 });
  });

  it('a proxy that hangs up mid-handshake → TRANSPORT_SOCKS_FAILED; a refused proxy → CONNECTION_REFUSED', async () => {
    const { proxy } = await setup({ hangUp: true });
    const error = await refusal(
      connectTcp(
        { host: '127.0.0.1', port: 1935 },
        { proxy: { host: '127.0.0.1', port: proxy.port, version: 4 } },
      ),
    );
    expect(['TRANSPORT_SOCKS_FAILED', 'TRANSPORT_CONNECTION_RESET']).toContain(error.code);
    const closedPort = proxy.port;
    await proxy.close();
    const refused = await refusal(
      connectTcp({ host: '127.0.0.1', port: 1935 }, { proxy: { host: '127.0.0.1', port: closedPort } }),
    );
    expect(refused.code).toBe('TRANSPORT_CONNECTION_REFUSED');
    expect(refused.message).toContain('SOCKS proxy');
  });

  it('bytes a proxy sends after its reply reach the reader (plain TCP)', async () => {
    const { echo, proxy } = await setup({ extraAfterReply: Buffer.from('early') });
    const transport = await connectTcp(
      { host: '127.0.0.1', port: echo.port },
      { proxy: { host: '127.0.0.1', port: proxy.port, version: 5 } },
    );
    const iterator = transport[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('early');
    transport.destroy();
    await transport.closed;
  });
});
