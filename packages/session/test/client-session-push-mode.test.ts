// ClientSession.receive(bytes, onOutput): push mode. For a recorded server byte stream (handshake,
// connect, play, metadata, media, Play.Stop; server chunk size 128 so frames span chunks, a small
// acknowledgement window so the client acknowledges while receiving) the outputs handed to
// onOutput equal, in order, the arrays receive() returns without it — split at every byte
// boundary and byte by byte; earlier queued outputs come first; an exception from onOutput fails
// the session and is rethrown; with the chunk decoder in reuse mode the payloads seen inside
// onOutput are the frames the server sent.
import { RtmpError } from '@rtmp/core';
import type { ClientSession, SessionOutput } from '@rtmp/session';
import { describe, expect, it } from 'vitest';
import {
  type Frame,
  frameBody,
  type RecordedExchange,
  recordExchange,
  replay,
  snapshot,
} from './support/recorded-exchange.js';

const FRAMES: Frame[] = [
  { typeId: 9, timestamp: 0, payload: frameBody(9, 0, 700) },
  { typeId: 8, timestamp: 5, payload: frameBody(8, 1, 150) },
  { typeId: 9, timestamp: 40, payload: frameBody(9, 2, 400) },
  { typeId: 8, timestamp: 45, payload: frameBody(8, 3, 20) },
];

const exchange: RecordedExchange = recordExchange(FRAMES, { chunkSize: 128, windowAckSize: 1500 });

/** The media events (type, timestamp, payload bytes) in a list of output snapshots. */
function mediaIn(outputs: string[]): Array<[string, number, number[]]> {
  return outputs.flatMap((text) => {
    const o = JSON.parse(text);
    if (o.type !== 'event' || (o.event.type !== 'audio' && o.event.type !== 'video')) return [];
    return [[o.event.type, o.event.timestamp, Array.from(Buffer.from(o.event.payload.hex, 'hex'))]];
  });
}

function expectSame(cuts1: number[], cuts2: number[], label: string): void {
  const pushed = replay(exchange, cuts1, cuts2, true).outputs;
  const returned = replay(exchange, cuts1, cuts2, false).outputs;
  if (pushed.length !== returned.length || pushed.some((o, i) => o !== returned[i]))
    expect(
      pushed.map((o) => JSON.parse(o)),
      label,
    ).toEqual(returned.map((o) => JSON.parse(o)));
}

describe('ClientSession.receive with onOutput', () => {
  it('the recording is a full exchange: connected, play started, every frame, acknowledgements, ended', () => {
    const { outputs } = replay(exchange, [], [], false);
    const types = outputs.map((o) => {
      const parsed = JSON.parse(o);
      return parsed.type === 'send' ? 'send' : parsed.event.type;
    });
    for (const t of ['handshake-completed', 'connected', 'play-started', 'metadata', 'stream-ended'])
      expect(types).toContain(t);
    // The server announced a 1500-byte window: the client sends Acknowledgements as it receives.
    expect(types.filter((t) => t === 'send').length).toBeGreaterThan(2);
    expect(mediaIn(outputs)).toEqual(
      FRAMES.map((f) => [f.typeId === 8 ? 'audio' : 'video', f.timestamp, Array.from(f.payload)]),
    );
  });

  it('gives the same outputs, in the same order, as the returned arrays: whole and byte by byte', () => {
    expectSame([], [], 'whole');
    const every = (n: number) => Array.from({ length: n - 1 }, (_, i) => i + 1);
    expectSame(every(exchange.beforePlay.length), every(exchange.afterPlay.length), 'byte by byte');
  });

  // Every byte boundary, in ranges of 800 cuts per test (each replay runs a whole handshake).
  const ranges = (length: number) =>
    Array.from({ length: Math.ceil((length - 1) / 800) }, (_, i) => [
      1 + i * 800,
      Math.min(length, 1 + (i + 1) * 800),
    ]);
  for (const [from, to] of ranges(exchange.beforePlay.length)) {
    it(`gives the same outputs as the returned arrays split at every byte ${from}..${to - 1} before play`, () => {
      for (let cut = from; cut < to; cut++) expectSame([cut], [], `before play, split at ${cut}`);
    });
  }
  for (const [from, to] of ranges(exchange.afterPlay.length)) {
    it(`gives the same outputs as the returned arrays split at every byte ${from}..${to - 1} after play`, () => {
      for (let cut = from; cut < to; cut++) expectSame([], [cut], `after play, split at ${cut}`);
    });
  }

  it('hands earlier queued outputs to onOutput first', () => {
    // sendCheckBandwidth() queues a command without returning it (as the dispatcher does).
    const queue = (client: ClientSession) => client.sendCheckBandwidth();
    const pushed = replay(exchange, [], [], true, queue).outputs;
    const returned = replay(exchange, [], [], false, queue).outputs;
    expect(pushed).toEqual(returned);
    const first = JSON.parse(pushed[0] as string);
    expect(first.type).toBe('send');
    // Its bytes are the _checkbw command (AMF0 string "_checkbw" in the body).
    expect(Buffer.from(first.bytes.hex, 'hex').includes(Buffer.from('_checkbw'))).toBe(true);
  });

  it('an exception thrown by onOutput fails the session and is rethrown', () => {
    const client = exchange.newClient();
    client.start();
    client.receive(exchange.beforePlay.slice());
    client.play({ name: 'movie', start: 0 });
    const boom = new Error('consumer failed');
    const seen: string[] = [];
    let thrown: unknown;
    try {
      client.receive(exchange.afterPlay.slice(), (o) => {
        seen.push(o.type === 'event' ? o.event.type : 'send');
        if (o.type === 'event' && o.event.type === 'video') throw boom;
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(boom);
    expect(seen).toContain('play-started');
    expect(seen[seen.length - 1]).toBe('video');
    expect(client.state).toBe('failed');
    let later: unknown;
    try {
      client.receive(Uint8Array.of(0));
    } catch (error) {
      later = error;
    }
    expect(RtmpError.hasCode(later, 'SESSION_FAILED')).toBe(true);
    expect((later as RtmpError).cause).toBe(boom);
  });

  // Regression, fixed (was a bug in packages/session/src/client-session.ts, receive(): the loop
  // `for (const output of this.flush()) onOutput(output);` runs before the `try`): an exception
  // that onOutput throws while it is handed the earlier queued outputs escapes without failing
  // the session (state stays 'connected'), and the queued outputs after it are lost.
  it('an exception thrown by onOutput on an earlier queued output fails the session too', () => {
    const client = exchange.newClient();
    client.start();
    client.receive(exchange.beforePlay.slice());
    client.sendCheckBandwidth(); // one queued output
    const boom = new Error('consumer failed on a queued output');
    expect(() =>
      client.receive(exchange.afterPlay.slice(0, 10), () => {
        throw boom;
      }),
    ).toThrow(boom);
    expect(client.state).toBe('failed');
  });

  it('with the decoder reusing its buffers, payloads seen inside onOutput are the frames sent', () => {
    for (const slice of [Number.POSITIVE_INFINITY, 1, 7, 100, 4096]) {
      const client = exchange.newClient();
      client.start();
      client.receive(exchange.beforePlay.slice());
      client.play({ name: 'movie', start: 0 });
      client.layer.decoder.payloadBuffers = 'reuse';
      const copies: Array<[number, number[]]> = [];
      const held: Array<{ view: Uint8Array; frame: Frame }> = [];
      const onOutput = (o: SessionOutput) => {
        if (o.type !== 'event' || (o.event.type !== 'audio' && o.event.type !== 'video')) return;
        copies.push([o.event.timestamp, Array.from(o.event.payload)]);
        held.push({ view: o.event.payload, frame: FRAMES[held.length] as Frame });
      };
      const bytes = exchange.afterPlay;
      for (let at = 0; at < bytes.length; at += Math.min(slice, bytes.length)) {
        expect(client.receive(bytes.slice(at, at + slice), onOutput)).toEqual([]);
      }
      expect(copies, `slices of ${slice}`).toEqual(FRAMES.map((f) => [f.timestamp, Array.from(f.payload)]));
      // The two videos share csid and buffer: the first one's view was overwritten by the second.
      const videos = held.filter((h) => h.frame.typeId === 9);
      expect(videos[0]?.view.buffer).toBe(videos[1]?.view.buffer);
      expect(Buffer.from(videos[0]?.view as Uint8Array).equals(videos[0]?.frame.payload as Uint8Array)).toBe(
        false,
      );
    }
  });

  it('snapshots copy payloads at once (sanity check of the comparison helper)', () => {
    const payload = Uint8Array.of(1, 2, 3);
    const text = snapshot({
      type: 'event',
      event: {
        type: 'audio',
        streamId: 1,
        timestamp: 0,
        payload,
        fromAggregate: false,
        info: {},
      },
    } as unknown as SessionOutput);
    payload[0] = 9;
    expect(JSON.parse(text).event.payload.hex).toBe('010203');
  });
});
