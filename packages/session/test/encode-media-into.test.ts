// ClientSession.encodeMediaInto + encryptOutgoing: media chunked into the caller's batch buffers
// must put on the wire exactly the bytes of per-message encodeMedia (the reference), on plain
// RTMP and on RTMPE (seeded randomness, so both pairs derive the same RC4 keys), and the server
// must decode it; RTMPE batches encrypted at write time stay decodable when other session
// outputs are written between encoding a batch and writing it.
import { MessageType } from '@rtmp/core';
import type { ServerSessionEvent } from '@rtmp/session';
import { describe, expect, it } from 'vitest';
import { connectPair, makePair, type Pair } from './support/in-memory-pair.js';

interface Media {
  typeId: number;
  timestamp: number;
  payload: Uint8Array;
}

/** Video/audio/data messages of varied sizes (one larger than the batches used below). */
function mediaSequence(): Media[] {
  const out: Media[] = [];
  for (let n = 0; n < 60; n++) {
    const video = n % 3 === 0;
    const length = n === 17 ? 20_000 : video ? 300 + ((n * 977) % 9000) : 10 + ((n * 37) % 400);
    const payload = Uint8Array.from({ length }, (_, i) => (i === 0 ? (video ? 0x17 : 0xaf) : (n + i) & 0xff));
    out.push({ typeId: video ? MessageType.Video : MessageType.Audio, timestamp: n * 20, payload });
  }
  // An AMF0 data message: "onTest", null.
  const data = Uint8Array.from([0x02, 0x00, 0x06, ...Array.from('onTest', (c) => c.charCodeAt(0)), 0x05]);
  out.splice(1, 0, { typeId: MessageType.DataAmf0, timestamp: 0, payload: data });
  return out;
}

function publishing(handshake: 'digest' | 'rtmpe'): { pair: Pair; handle: number } {
  const pair = makePair({ handshake });
  connectPair(pair);
  const { handle, outputs } = pair.client.publish({ name: 'live1' });
  pair.fromClient(outputs);
  pair.run();
  expect(pair.clientEvents.find((e) => e.type === 'publish-started')).toMatchObject({ handle });
  return { pair, handle };
}

/** Payloads compared as hex strings: vitest's element-wise equality is slow on long arrays. */
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

function concat(parts: Uint8Array[]): Buffer {
  return Buffer.concat(parts.map((p) => Buffer.from(p)));
}

function mediaEvents(events: ServerSessionEvent[]) {
  return events.flatMap((e) =>
    e.type === 'audio' || e.type === 'video'
      ? [{ typeId: e.type === 'audio' ? 8 : 9, timestamp: e.timestamp, payload: hex(e.payload) }]
      : [],
  );
}

describe('ClientSession.encodeMediaInto', () => {
  for (const handshake of ['digest', 'rtmpe'] as const) {
    for (const batchSize of [64, 4096, 16_384]) {
      it(`${handshake}, ${batchSize}-byte batches: the wire bytes of encodeMedia, decoded by the server`, () => {
        const reference = publishing(handshake);
        const batched = publishing(handshake);
        const media = mediaSequence();
        const sentBefore = batched.pair.client.bytesSent;
        expect(sentBefore).toBe(reference.pair.client.bytesSent);

        const expected = media.map((m) =>
          reference.pair.client.encodeMedia(reference.handle, m.typeId, m.timestamp, m.payload),
        );
        const written: Uint8Array[] = [];
        const batch = new Uint8Array(batchSize);
        let at = 0;
        const flush = () => {
          const bytes = batch.slice(0, at);
          batched.pair.client.encryptOutgoing(bytes);
          written.push(bytes);
          at = 0;
        };
        for (const m of media) {
          const { client } = batched.pair;
          let end = client.encodeMediaInto(batched.handle, m.typeId, m.timestamp, m.payload, batch, at);
          if (end < 0 && at > 0) {
            flush();
            end = client.encodeMediaInto(batched.handle, m.typeId, m.timestamp, m.payload, batch, 0);
          }
          if (end < 0) written.push(client.encodeMedia(batched.handle, m.typeId, m.timestamp, m.payload));
          else at = end;
        }
        flush();

        const wire = concat(written);
        expect(wire.equals(concat(expected))).toBe(true);
        if (handshake === 'rtmpe') {
          // Encrypted: the plaintext chunk headers are not on the wire.
          const plain = publishing('digest');
          const clear = concat(
            media.map((m) => plain.pair.client.encodeMedia(plain.handle, m.typeId, m.timestamp, m.payload)),
          );
          expect(wire.equals(clear)).toBe(false);
        }
        expect(batched.pair.client.bytesSent - sentBefore).toBe(wire.length);

        batched.pair.toServer.push(wire);
        batched.pair.run(batchSize === 64 ? 1000 : Number.POSITIVE_INFINITY);
        const seen = mediaEvents(batched.pair.serverEvents);
        const sentMedia = media
          .filter((m) => m.typeId !== MessageType.DataAmf0)
          .map((m) => ({ ...m, payload: hex(m.payload) }));
        expect(seen).toEqual(sentMedia);
        expect(batched.pair.serverEvents.find((e) => e.type === 'data')).toBeDefined();
      });
    }
  }

  it('rtmpe: session output produced while a batch waits goes out first; both decode', () => {
    const { pair, handle } = publishing('rtmpe');
    const batch = new Uint8Array(8192);
    let at = 0;
    for (let n = 0; n < 5; n++)
      at = pair.client.encodeMediaInto(handle, 9, n * 40, Uint8Array.of(0x17, 1, n, n, n), batch, at);
    // A call encoded (and encrypted) after the batch's messages but written before the batch.
    const { outputs } = pair.client.call('ping', [1]);
    pair.fromClient(outputs);
    const bytes = batch.slice(0, at);
    pair.client.encryptOutgoing(bytes);
    pair.toServer.push(bytes);
    pair.run();
    expect(pair.serverEvents.some((e) => e.type === 'command-received' && e.command.name === 'ping')).toBe(
      true,
    );
    expect(mediaEvents(pair.serverEvents).map((e) => e.timestamp)).toEqual([0, 40, 80, 120, 160]);
  });

  it('returns -1 and changes nothing when the message does not fit', () => {
    const a = publishing('digest');
    const b = publishing('digest');
    const payload = new Uint8Array(100).fill(3);
    const sent = a.pair.client.bytesSent;
    expect(a.pair.client.encodeMediaInto(a.handle, 9, 0, payload, new Uint8Array(50), 0)).toBe(-1);
    expect(a.pair.client.bytesSent).toBe(sent);
    const target = new Uint8Array(200);
    const end = a.pair.client.encodeMediaInto(a.handle, 9, 0, payload, target, 10);
    expect(
      Buffer.from(target.subarray(10, end)).equals(
        Buffer.from(b.pair.client.encodeMedia(b.handle, 9, 0, payload)),
      ),
    ).toBe(true);
    expect(a.pair.client.bytesSent - sent).toBe(end - 10);
  });

  it('SESSION_UNKNOWN_HANDLE / SESSION_NOT_PUBLISHING like encodeMedia', () => {
    const { pair, handle } = publishing('digest');
    const target = new Uint8Array(100);
    expect(() => pair.client.encodeMediaInto(handle + 5, 9, 0, Uint8Array.of(1), target, 0)).toThrowError(
      expect.objectContaining({ code: 'SESSION_UNKNOWN_HANDLE' }),
    );
    const play = pair.client.play({ name: 'x' });
    expect(() => pair.client.encodeMediaInto(play.handle, 9, 0, Uint8Array.of(1), target, 0)).toThrowError(
      expect.objectContaining({ code: 'SESSION_NOT_PUBLISHING' }),
    );
  });

  it('encryptOutgoing is a no-op without RTMPE', () => {
    const { pair } = publishing('digest');
    const bytes = Uint8Array.of(1, 2, 3);
    pair.client.encryptOutgoing(bytes);
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});
