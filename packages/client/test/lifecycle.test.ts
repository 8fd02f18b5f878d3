// RtmpConnection lifecycle: close() is idempotent and leaves nothing running, a server `close`
// ends the connection, calls after close fail typed, call() resolves `_result` and rejects
// `_error`, status/warning/close events.
import { once } from 'node:events';
import { connect, RtmpStatusError } from '@rtmp/client';
import type { RtmpError } from '@rtmp/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  acceptAll,
  avcFrame,
  delay,
  type ServerConnection,
  startTestServer,
  type TestServer,
} from './support/test-server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Active handles and requests of this process (sockets, timers, ...), counted by kind. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Nothing was added since `before` (timers of the test runner itself may have ended). */
function expectNoneAdded(before: Record<string, number>): void {
  const now = resources();
  for (const [kind, count] of Object.entries(now))
    expect({ kind, count }).toEqual({ kind, count: Math.min(count, before[kind] ?? 0) });
}

describe('close', () => {
  it('close() is idempotent and leaves no socket or timer behind', async () => {
    server = await startTestServer();
    await delay(10);
    const before = resources();
    const connection = await connect(server.url('vod/clip'), { idleTimeout: 5000, noMediaTimeout: 5000 });
    const play = await connection.play();
    expect(resources().TCPSocketWrap ?? 0).toBeGreaterThan(before.TCPSocketWrap ?? 0);
    const closeEvents: unknown[] = [];
    connection.on('close', (e) => closeEvents.push(e));
    await Promise.all([connection.close(), connection.close()]);
    await connection.close();
    expect(connection.closed).toBe(true);
    expect(closeEvents).toEqual([undefined]);
    // The play ended cleanly; the server saw deleteStream before the socket closed.
    const rest = [];
    for await (const e of play) rest.push(e);
    expect(play.end).toBeDefined();
    const c = server.connections[0] as ServerConnection;
    await c.waitFor('stream-closed', (e) => e.reason === 'deleteStream');
    await c.closed;
    await delay(20);
    expectNoneAdded(before);
  });

  it('destroy() closes at once; close() afterwards resolves', async () => {
    server = await startTestServer();
    await delay(10);
    const before = resources();
    const connection = await connect(server.url('vod/clip'));
    const play = await connection.play();
    connection.destroy();
    await connection.close();
    // Events queued before destroy() are still delivered, then the iteration fails.
    let error: unknown;
    try {
      for await (const _ of play) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect((error as RtmpError).code).toBe('CLIENT_CLOSED');
    await server.connections[0]?.closed;
    await delay(20);
    expectNoneAdded(before);
  });

  it('after close, play/publish/call reject with CLIENT_CLOSED', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('vod/clip'));
    await connection.close();
    await expect(connection.play()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(connection.publish()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(connection.call('x')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it('a server `close` command ends the connection (close event with CLIENT_CLOSED)', async () => {
    server = await startTestServer({
      handler: (c, e) => {
        acceptAll(c, e);
        if (e.type === 'play-requested') {
          c.write(c.session.encodeMedia(e.streamId, 9, 0, avcFrame(0)));
          c.apply(c.session.close());
        }
      },
    });
    const connection = await connect(server.url('vod/clip'));
    const closed = once(connection, 'close');
    const play = await connection.play();
    const [reason] = await closed;
    expect((reason as RtmpError).code).toBe('CLIENT_CLOSED');
    expect(connection.closed).toBe(true);
    await connection.done;
    const seen: string[] = [];
    let error: unknown;
    try {
      for await (const e of play) seen.push(e.type);
    } catch (e) {
      error = e;
    }
    expect(seen).toContain('video');
    expect((error as RtmpError).code).toBe('CLIENT_CLOSED');
    await server.connections[0]?.closed;
  });

  it('emits status events with the stream id', async () => {
    server = await startTestServer();
    const connection = await connect(server.url('vod/clip'));
    const statuses: Array<[string, number]> = [];
    connection.on('status', (status, streamId) => statuses.push([status.code, streamId]));
    const play = await connection.play();
    expect(statuses).toEqual([
      ['NetStream.Play.Reset', play.streamId],
      ['NetStream.Play.Start', play.streamId],
    ]);
    await connection.close();
  });
});

describe('call', () => {
  const callServer = () =>
    startTestServer({
      handler: (c, e) => {
        if (e.type === 'command-received' && e.command.kind === 'call') {
          const { name, transactionId, args } = e.command;
          if (name === 'echo') c.apply(c.session.respond(transactionId, true, args[0] ?? null));
          else if (name === 'deny')
            c.apply(
              c.session.respond(transactionId, false, {
                level: 'error',
                code: 'NetConnection.Call.Failed',
                description: `no ${String(args[0])}`,
              }),
            );
          else if (name === 'bare') c.apply(c.session.respond(transactionId, false, null));
          // 'hang': never answered
        } else acceptAll(c, e);
      },
    });

  it('_result resolves with the information value', async () => {
    server = await callServer();
    const connection = await connect(server.url('app'));
    expect(await connection.call('echo', [{ a: 1, b: 'two' }])).toEqual([{ a: 1, b: 'two' }]);
    expect(await connection.call('echo', ['x'])).toEqual(['x']);
    const call = await server.connections[0]?.waitFor('command-received');
    expect(call?.command.name).toBe('echo');
    await connection.close();
  });

  it('_error rejects with RtmpStatusError CLIENT_CALL_FAILED and the status', async () => {
    server = await callServer();
    const connection = await connect(server.url('app'));
    const error = await connection.call('deny', ['entry']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RtmpStatusError);
    expect((error as RtmpStatusError).code).toBe('CLIENT_CALL_FAILED');
    expect((error as RtmpStatusError).status).toMatchObject({
      code: 'NetConnection.Call.Failed',
      description: 'no entry',
    });
    const bare = await connection.call('bare').catch((e: unknown) => e);
    expect((bare as RtmpStatusError).code).toBe('CLIENT_CALL_FAILED');
    expect((bare as RtmpStatusError).status).toBeUndefined();
    await connection.close();
  });

  it('an unanswered call rejects with CLIENT_CLOSED when the connection closes', async () => {
    server = await callServer();
    const connection = await connect(server.url('app'));
    const pending = connection.call('hang');
    await server.connections[0]?.waitFor('command-received');
    connection.destroy();
    await expect(pending).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    expect(connection.listenerCount('event')).toBe(0);
  });
});
