// Scenario tests: our ClientSession against our ServerSession in memory — every flow of
// protocol.md §5.4, with bytes delivered whole and in tiny slices.

import { encodeCreateStream } from '@rtmp/commands';
import { MessageType, RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { connectPair, makePair } from './support/in-memory-pair.js';

const audio = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0xaf : i & 0xff));
const keyframe = (n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0x17 : i === 1 ? 1 : i & 0xff));

describe('ClientSession ↔ ServerSession', () => {
  for (const [label, handshake] of [
    ['plain', 'plain'],
    ['digest', 'digest'],
    ['rtmpe', 'rtmpe'],
  ] as const) {
    for (const slice of [Number.POSITIVE_INFINITY, 7, 1]) {
      it(`connects and plays with a ${label} handshake (slices of ${slice})`, () => {
        const pair = makePair({ handshake });
        connectPair(pair, slice);
        expect(pair.clientEvents.map((e) => e.type)).toContain('connected');
        const connect = pair.serverEvents.find((e) => e.type === 'connect-requested');
        expect(connect?.type === 'connect-requested' && connect.params.app).toBe('app');

        const { handle, outputs } = pair.client.play({ name: 'movie', start: 0 });
        pair.fromClient(outputs);
        pair.run(slice);
        const requested = pair.serverEvents.find((e) => e.type === 'play-requested');
        expect(requested).toMatchObject({ name: 'movie', start: 0 });
        expect(pair.clientEvents.find((e) => e.type === 'play-started')).toMatchObject({ handle });

        const streamId = requested?.type === 'play-requested' ? requested.streamId : -1;
        const frames = [keyframe(5000), audio(300), keyframe(70_000)];
        pair.toClient.push(pair.server.encodeMetadata(streamId, { duration: 3, width: 640 }));
        frames.forEach((f, i) => {
          pair.toClient.push(pair.server.encodeMedia(streamId, f[0] === 0xaf ? 8 : 9, i * 40, f));
        });
        pair.fromServer(pair.server.endPlay(streamId));
        pair.run(slice);
        const media = pair.clientEvents.filter((e) => e.type === 'audio' || e.type === 'video');
        expect(
          media.map((e) =>
            e.type === 'audio' || e.type === 'video' ? [e.timestamp, Array.from(e.payload)] : [],
          ),
        ).toEqual(frames.map((f, i) => [i * 40, Array.from(f)]));
        expect(pair.clientEvents.find((e) => e.type === 'metadata')).toMatchObject({
          metadata: { duration: 3, width: 640 },
        });
        const video = pair.clientEvents.find((e) => e.type === 'video');
        expect(video?.type === 'video' && video.info.keyframe).toBe(true);
        expect(pair.clientEvents.find((e) => e.type === 'stream-ended')).toMatchObject({
          status: { code: 'NetStream.Play.Stop' },
        });
      });
    }
  }

  it('speaks AMF3 command framing (objectEncoding 3, message types 17/15) end to end', () => {
    const pair = makePair({
      amf3Commands: true,
      connect: { app: 'app', tcUrl: 'rtmp://127.0.0.1/app', objectEncoding: 3 },
    });
    connectPair(pair);
    const connect = pair.serverEvents.find((e) => e.type === 'connect-requested');
    expect(connect?.type === 'connect-requested' && connect.params.objectEncoding).toBe(3);
    expect(pair.clientEvents.find((e) => e.type === 'connected')).toMatchObject({
      status: { properties: { objectEncoding: 3 } },
    });
    const { handle, outputs } = pair.client.publish({ name: 'amf3' });
    pair.fromClient(outputs);
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'publish-started')).toMatchObject({ handle });
    pair.toServer.push(pair.client.encodeMetadata(handle, { width: 1280, title: 'ü' }));
    pair.run();
    expect(pair.serverEvents.find((e) => e.type === 'metadata')).toMatchObject({
      metadata: { width: 1280, title: 'ü' },
    });
  });

  it('serves a client that pipelines createStream before the connect answer', () => {
    const pair = makePair();
    let accept = () => {};
    pair.onServerEvent = (event) => {
      if (event.type === 'connect-requested') accept = () => pair.fromServer(pair.server.acceptConnect());
      if (event.type === 'play-requested')
        pair.fromServer(pair.server.acceptPlay(event.streamId, event.name));
    };
    connectPair(pair);
    expect(pair.client.state).toBe('connecting');
    // Reach into the wire: a createStream right behind connect, as a pipelining client sends it.
    pair.toServer.push(
      pair.client.layer.send({ typeId: 20, streamId: 0, timestamp: 0, payload: encodeCreateStream(9) }, 3),
    );
    pair.run();
    expect(pair.serverEvents.some((e) => e.type === 'stream-created')).toBe(false);
    accept();
    pair.run();
    expect(pair.serverEvents.find((e) => e.type === 'stream-created')).toMatchObject({ streamId: 1 });
  });

  it('reports a missing stream as request-failed with the server code', () => {
    const pair = makePair();
    pair.onServerEvent = (event) => {
      if (event.type === 'connect-requested') pair.fromServer(pair.server.acceptConnect());
      if (event.type === 'play-requested')
        pair.fromServer(pair.server.rejectPlay(event.streamId, 'No such stream'));
    };
    connectPair(pair);
    const { handle, outputs } = pair.client.play({ name: 'nothing' });
    pair.fromClient(outputs);
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'request-failed')).toMatchObject({
      handle,
      status: { code: 'NetStream.Play.StreamNotFound', description: 'No such stream' },
    });
  });

  it('reports a rejected connect with its description', () => {
    const pair = makePair();
    pair.onServerEvent = (event) => {
      if (event.type === 'connect-requested') pair.fromServer(pair.server.rejectConnect('go away'));
    };
    connectPair(pair);
    expect(pair.clientEvents.find((e) => e.type === 'connect-rejected')).toMatchObject({
      status: { code: 'NetConnection.Connect.Rejected', description: 'go away' },
    });
    expect(pair.clientEvents.find((e) => e.type === 'closed')).toMatchObject({ reason: 'server-close' });
    expect(() => pair.client.play({ name: 'x' })).toThrowError(
      expect.objectContaining({ code: 'SESSION_NOT_CONNECTED' }),
    );
  });

  it('publishes: releaseStream, FCPublish, createStream, publish, media, FCUnpublish/deleteStream', () => {
    const pair = makePair();
    connectPair(pair);
    const { handle, outputs } = pair.client.publish({ name: 'live1' });
    pair.fromClient(outputs);
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'publish-started')).toMatchObject({ handle });
    expect(pair.serverEvents.find((e) => e.type === 'publish-requested')).toMatchObject({
      name: 'live1',
      publishType: 'live',
    });
    expect(pair.serverEvents.find((e) => e.type === 'chunk-size-changed')).toMatchObject({ size: 4096 });
    pair.toServer.push(pair.client.encodeMetadata(handle, { width: 320 }));
    pair.toServer.push(pair.client.encodeMedia(handle, MessageType.Video, 0, keyframe(9000)));
    pair.toServer.push(pair.client.encodeMedia(handle, MessageType.Audio, 23, audio(200)));
    pair.fromClient(pair.client.closeStream(handle));
    pair.run(3);
    expect(pair.serverEvents.find((e) => e.type === 'metadata')).toMatchObject({ metadata: { width: 320 } });
    expect(
      pair.serverEvents.filter((e) => e.type === 'video' || e.type === 'audio').map((e) => e.type),
    ).toEqual(['video', 'audio']);
    const closes = pair.serverEvents
      .filter((e) => e.type === 'stream-closed')
      .map((e) => (e.type === 'stream-closed' ? e.reason : ''));
    expect(closes).toEqual(['FCUnpublish', 'closeStream', 'deleteStream']);
    expect(() => pair.client.encodeMedia(handle, 9, 0, keyframe(10))).toThrowError(
      expect.objectContaining({ code: 'SESSION_UNKNOWN_HANDLE' }),
    );
  });

  it('reports a refused publish (BadName)', () => {
    const pair = makePair();
    pair.onServerEvent = (event) => {
      if (event.type === 'connect-requested') pair.fromServer(pair.server.acceptConnect());
      if (event.type === 'publish-requested')
        pair.fromServer(pair.server.rejectPublish(event.streamId, 'name in use'));
    };
    connectPair(pair);
    const { outputs } = pair.client.publish({ name: 'taken' });
    pair.fromClient(outputs);
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'request-failed')).toMatchObject({
      status: { code: 'NetStream.Publish.BadName' },
    });
  });

  it('answers pings by itself', () => {
    const pair = makePair();
    connectPair(pair);
    pair.fromServer(pair.server.ping(123456));
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'pinged')).toMatchObject({ timestamp: 123456 });
    expect(pair.serverEvents.find((e) => e.type === 'ponged')).toMatchObject({ timestamp: 123456 });
  });

  it('acknowledges at the server window, with the running byte count', () => {
    const pair = makePair({}, { windowAckSize: 10_000 });
    connectPair(pair);
    const { outputs } = pair.client.play({ name: 'm' });
    pair.fromClient(outputs);
    pair.run();
    const requested = pair.serverEvents.find((e) => e.type === 'play-requested');
    const streamId = requested?.type === 'play-requested' ? requested.streamId : 0;
    for (let i = 0; i < 20; i++) {
      pair.toClient.push(pair.server.encodeMedia(streamId, 9, i, keyframe(3000)));
      pair.run();
    }
    const acks = pair.serverEvents
      .filter((e) => e.type === 'acknowledged')
      .map((e) => (e.type === 'acknowledged' ? e.sequenceNumber : 0));
    expect(acks.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < acks.length; i++) expect(acks[i]! - acks[i - 1]!).toBeGreaterThanOrEqual(10_000);
    expect(acks.at(-1)).toBeLessThanOrEqual(pair.client.bytesReceived);
  });

  it('follows chunk size changes in both directions mid-stream', () => {
    const pair = makePair({ publishChunkSize: 1 }, { chunkSize: 60 });
    connectPair(pair);
    const { handle, outputs } = pair.client.publish({ name: 'cs' });
    pair.fromClient(outputs);
    pair.run();
    pair.toServer.push(pair.client.encodeMedia(handle, 9, 5, keyframe(1000)));
    pair.run(13);
    const video = pair.serverEvents.find((e) => e.type === 'video');
    expect(video?.type === 'video' && video.payload.length).toBe(1000);
    expect(
      pair.clientEvents.find((e) => e.type === 'chunk-size-changed' && e.direction === 'in'),
    ).toMatchObject({ size: 60 });
  });

  it('matches _result answers that arrive out of order', () => {
    const pair = makePair();
    const calls: Array<{ transactionId: number; name: string }> = [];
    pair.onServerEvent = (event) => {
      if (event.type === 'connect-requested') pair.fromServer(pair.server.acceptConnect());
      if (event.type === 'command-received')
        calls.push({ transactionId: event.command.transactionId, name: event.command.name });
    };
    connectPair(pair);
    const a = pair.client.call('first', [1]);
    const b = pair.client.call('second', [2]);
    pair.fromClient([...a.outputs, ...b.outputs]);
    pair.run();
    expect(calls.map((c) => c.name)).toEqual(['first', 'second']);
    pair.fromServer(pair.server.respond(b.transactionId, true, 'two'));
    pair.fromServer(pair.server.respond(a.transactionId, false, 'one'));
    pair.run();
    const answers = pair.clientEvents.filter((e) => e.type === 'call-answered');
    expect(answers).toEqual([
      expect.objectContaining({ name: 'second', ok: true, info: 'two' }),
      expect.objectContaining({ name: 'first', ok: false, info: 'one' }),
    ]);
  });

  it('reports a _result for an unknown transaction as a warning, not a failure', () => {
    const pair = makePair();
    connectPair(pair);
    pair.fromServer(pair.server.respond(999, true, null));
    pair.run();
    expect(pair.clientEvents.find((e) => e.type === 'warning')).toMatchObject({
      code: 'SESSION_UNKNOWN_TRANSACTION',
    });
    expect(pair.client.state).toBe('connected');
  });

  it('closes from either side', () => {
    const pair = makePair();
    connectPair(pair);
    pair.fromServer(pair.server.close());
    pair.run();
    expect(pair.client.state).toBe('closed');
    const other = makePair();
    connectPair(other);
    other.fromClient(other.client.close());
    expect(other.clientEvents.at(-1)).toMatchObject({ type: 'closed', reason: 'local-close' });
  });

  it('fails with a typed error on garbage after the handshake and stays failed', () => {
    const pair = makePair({ decoder: { maxMessageLength: 65536 } });
    connectPair(pair);
    // A type-0 header announcing a message longer than the configured 64 KiB limit.
    const bad = Uint8Array.from([0x03, 0, 0, 0, 0x01, 0x00, 0x01, 20, 0, 0, 0, 0]);
    let error: unknown;
    try {
      pair.client.receive(bad);
    } catch (e) {
      error = e;
    }
    expect(RtmpError.is(error)).toBe(true);
    expect(pair.client.state).toBe('failed');
    expect(() => pair.client.receive(new Uint8Array(1))).toThrowError(
      expect.objectContaining({ code: 'SESSION_FAILED' }),
    );
  });
});
