// connect(): success, rejection with the server's status, the connect deadline, AbortSignal
// before and during connecting, and transport errors passing through with their own codes.
import { once } from 'node:events';
import { createServer } from 'node:net';
import { ClientErrorCode, connect, RtmpClientError, RtmpStatusError } from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; error: unknown }> {
  try {
    await promise;
  } catch (error) {
    return { code: (error as RtmpError).code, error };
  }
  throw new Error('expected a rejection');
}

describe('connect', () => {
  it('connects: connectInfo holds the server properties and the success status', async () => {
    server = await startTestServer({
      session: { serverProperties: { fmsVer: 'TEST/1,2,3,4', capabilities: 255, mode: 1 } },
    });
    const connection = await connect(server.url('live/cam?x=1 flashver=TST\\201,0'));
    const accepted = server.connections[0];
    const request = await accepted?.waitFor('connect-requested');
    expect(request?.params.app).toBe('live');
    expect(request?.params.flashVer).toBe('TST 1,0');
    expect(request?.params.tcUrl).toBe(server.url('live'));
    expect(connection.connectInfo?.properties.fmsVer).toBe('TEST/1,2,3,4');
    expect(connection.connectInfo?.properties.capabilities).toBe(255);
    expect(connection.connectInfo?.status?.code).toBe('NetConnection.Connect.Success');
    expect(connection.params.playpath).toBe('cam?x=1');
    expect(connection.closed).toBe(false);
    // bytesReceived counts chunk-stream bytes (after the handshake); bytesSent includes C0-C2.
    expect(connection.stats.bytesReceived).toBeGreaterThan(0);
    expect(connection.stats.bytesSent).toBeGreaterThan(3073);
    await connection.close();
    expect(connection.closed).toBe(true);
  });

  it('publish: true sends the publishing connect object (type nonprivate)', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('live/x'), { publish: true });
    const request = await server.connections[0]?.waitFor('connect-requested');
    expect(request?.params.type).toBe('nonprivate');
    await connection.close();
  });

  it('rejected: RtmpStatusError CLIENT_CONNECT_REJECTED with the status code and description', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        if (e.type === 'connect-requested')
          c.apply(
            c.session.rejectConnect('[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : '),
          );
      },
    });
    const { error } = await codeOf(connect(server.url('live/x')));
    expect(error).toBeInstanceOf(RtmpStatusError);
    const status = error as RtmpStatusError;
    expect(status.code).toBe(ClientErrorCode.ConnectRejected);
    expect(status.status?.code).toBe('NetConnection.Connect.Rejected');
    expect(status.status?.description).toContain('code=403 need auth');
    expect(status.details).toMatchObject({ statusCode: 'NetConnection.Connect.Rejected', level: 'error' });
    expect(status.message).toContain('NetConnection.Connect.Rejected');
  });

  it('times out with CLIENT_CONNECT_TIMEOUT when the server accepts TCP and never answers', async () => {
    server = await startTestServer({ mode: 'silent' });
    const started = performance.now();
    const { code, error } = await codeOf(connect(server.url('live/x'), { connectTimeout: 250 }));
    const took = performance.now() - started;
    expect(code).toBe('CLIENT_CONNECT_TIMEOUT');
    expect(error).toBeInstanceOf(RtmpClientError);
    expect((error as RtmpClientError).details).toEqual({ connectTimeout: 250 });
    expect(took).toBeGreaterThanOrEqual(240);
    expect(took).toBeLessThan(2000);
    // The server read C0+C1 (1537 bytes) before the client gave up, then saw the socket close.
    expect(server.connections[0]?.bytesRead()).toBe(1537);
    await server.connections[0]?.closed;
  });

  it('the URL timeout= option sets the connect deadline in seconds', async () => {
    server = await startTestServer({ mode: 'silent' });
    const started = performance.now();
    const { code } = await codeOf(connect(`${server.url('live/x')} timeout=1`));
    expect(code).toBe('CLIENT_CONNECT_TIMEOUT');
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('an AbortSignal aborted before connect: CLIENT_ABORTED, no TCP connection made', async () => {
    server = await startTestServer();
    const controller = new AbortController();
    controller.abort(new Error('user gave up'));
    const { code, error } = await codeOf(connect(server.url('live/x'), { signal: controller.signal }));
    expect(code).toBe('CLIENT_ABORTED');
    expect((error as RtmpClientError).cause).toEqual(new Error('user gave up'));
    expect(server.connections).toHaveLength(0);
  });

  it('an AbortSignal aborted during the handshake: CLIENT_ABORTED at once, socket closed', async () => {
    server = await startTestServer({ mode: 'silent' });
    const controller = new AbortController();
    const pending = codeOf(
      connect(server.url('live/x'), { signal: controller.signal, connectTimeout: 5000 }),
    );
    const accepted = await server.nextConnection();
    const started = performance.now();
    controller.abort();
    const { code } = await pending;
    expect(code).toBe('CLIENT_ABORTED');
    expect(performance.now() - started).toBeLessThan(500);
    await accepted.closed;
  });

  it('an AbortSignal aborted while the server decides on connect: CLIENT_ABORTED', async () => {
    const controller = new AbortController();
    server = await startTestServer({
      handler: (_c, e) => {
        if (e.type === 'connect-requested') controller.abort();
      },
    });
    const { code } = await codeOf(connect(server.url('live/x'), { signal: controller.signal }));
    expect(code).toBe('CLIENT_ABORTED');
  });

  it('aborting the signal after connect closes the connection with CLIENT_ABORTED', async () => {
    server = await startTestServer();
    const controller = new AbortController();
    const connection = await connect(server.url('live/x'), { signal: controller.signal });
    const closed = once(connection, 'close');
    controller.abort();
    const [reason] = await closed;
    expect((reason as RtmpError).code).toBe('CLIENT_ABORTED');
    expect(connection.closed).toBe(true);
    await connection.done;
  });

  it('a refused TCP connection passes through as TRANSPORT_CONNECTION_REFUSED', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const { code, error } = await codeOf(connect(`rtmp://127.0.0.1:${port}/live/x`));
    expect(code).toBe('TRANSPORT_CONNECTION_REFUSED');
    expect(error).toBeInstanceOf(RtmpError);
  });

  it('an error from a custom transport factory passes through unchanged', async () => {
    const failure = new RtmpError('TRANSPORT_SOCKS_FAILED', 'proxy said no');
    const { error } = await codeOf(
      connect('rtmp://127.0.0.1:1/live/x', { transport: () => Promise.reject(failure) }),
    );
    expect(error).toBe(failure);
  });

  it('the server ending the socket during the handshake: CLIENT_CLOSED, not a hang', async () => {
    server = await startTestServer({ mode: 'silent' });
    const pending = codeOf(connect(server.url('live/x'), { connectTimeout: 5000 }));
    const accepted = await server.nextConnection();
    accepted.socket.end();
    const { code } = await pending;
    expect(code).toBe('CLIENT_CLOSED');
  });

  it('the server resetting the socket during the handshake: a typed error', async () => {
    server = await startTestServer({ mode: 'silent' });
    const pending = codeOf(connect(server.url('live/x'), { connectTimeout: 5000 }));
    const accepted = await server.nextConnection();
    await new Promise((r) => setTimeout(r, 20));
    accepted.socket.resetAndDestroy();
    const { code } = await pending;
    expect(code).toBe('TRANSPORT_CONNECTION_RESET');
  });

  it('garbage instead of S0/S1: a typed HANDSHAKE_* error', async () => {
    server = await startTestServer({ mode: 'silent' });
    const pending = codeOf(connect(server.url('live/x'), { connectTimeout: 5000 }));
    const accepted = await server.nextConnection();
    accepted.socket.write(new Uint8Array(1537).fill(0x42));
    const { code } = await pending;
    expect(code).toMatch(/^HANDSHAKE_/);
  });

  it('invalid URLs throw URL_* before any connection', async () => {
    expect((await codeOf(connect('http://127.0.0.1/live/x'))).code).toBe('URL_UNSUPPORTED_SCHEME');
    expect((await codeOf(connect('rtmp://127.0.0.1/live/x bogus=1'))).code).toBe('URL_UNKNOWN_OPTION');
  });
});
