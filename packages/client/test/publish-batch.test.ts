// PublishStream's send batching: publishFlv (tags chunked into reused send buffers, one write
// per batch) must put on the wire exactly the bytes of the per-message path it replaced
// (session.encodeMedia + one write per tag), whatever the source's chunking — including a
// source that reads every chunk into the same buffer — and under backpressure, where a buffer
// the transport still holds must never be reused. Plus RTMPE and the send-stall deadline.
import { connect, type PublishStream, type RtmpConnection } from '@rtmp/client';
import { onMetaDataBody } from '@rtmp/flv';
import type { ClientSession } from '@rtmp/session';
import { describe, expect, it } from 'vitest';
import { type CaptureOptions, type CaptureTransport, captureTransport } from './support/capture-transport.js';
import { aacFrame, avcFrame, buildFlv } from './support/test-server.js';

type Tag = { type: number; timestamp: number; data: Uint8Array };

/** AMF0 script tag body: "onMetaData" { duration: 2 }, by hand. */
const ON_METADATA = Uint8Array.from([
  0x02,
  0x00,
  0x0a,
  ...Array.from('onMetaData', (c) => c.charCodeAt(0)),
  0x08,
  0,
  0,
  0,
  1,
  0x00,
  0x08,
  ...Array.from('duration', (c) => c.charCodeAt(0)),
  0x00,
  0x40,
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  0x00,
  0x00,
  0x09,
]);
/** AMF0 script tag body: "onCuePoint", null (not metadata: sent as is). */
const ON_CUE = Uint8Array.from([0x02, 0x00, 0x0a, ...Array.from('onCuePoint', (c) => c.charCodeAt(0)), 0x05]);

/** ~1.2 MB of media: several 256 KiB batches, one tag larger than a batch, an extended timestamp. */
function bigTags(): Tag[] {
  const tags: Tag[] = [{ type: 18, timestamp: 0, data: ON_METADATA }];
  for (let n = 0; n < 400; n++) {
    tags.push({
      type: 9,
      timestamp: n * 40,
      data: avcFrame(n, n === 0 ? 300_000 : 500 + ((n * 977) % 4000)),
    });
    tags.push({ type: 8, timestamp: n * 40 + 3, data: aacFrame(n, 100 + (n % 300)) });
    if (n === 200) tags.push({ type: 18, timestamp: n * 40, data: ON_CUE });
  }
  tags.push({ type: 9, timestamp: 0x1000000, data: avcFrame(9, 5000) });
  return tags;
}

/** A few small tags: a ~300-byte FLV for splitting at every byte. */
function smallTags(): Tag[] {
  return [
    { type: 18, timestamp: 0, data: ON_METADATA },
    { type: 9, timestamp: 0, data: avcFrame(0, 60, true) },
    { type: 8, timestamp: 0, data: aacFrame(0, 20) },
    { type: 9, timestamp: 40, data: avcFrame(1, 30) },
    { type: 8, timestamp: 23, data: aacFrame(1, 9) },
  ];
}

async function publishing(options: CaptureOptions = {}, connectOptions: Record<string, unknown> = {}) {
  const capture = captureTransport(options);
  const connection = await connect('rtmp://memory/live/cam', {
    publish: true,
    transport: () => Promise.resolve(capture.transport),
    ...connectOptions,
  });
  const stream = await connection.publish();
  return { capture, connection, stream, from: capture.writes.length };
}

const sessionOf = (connection: RtmpConnection) =>
  (connection as unknown as { session: ClientSession }).session;

const SET_DATA_FRAME = Uint8Array.from([
  0x02,
  0x00,
  0x0d,
  ...Array.from('@setDataFrame', (c) => c.charCodeAt(0)),
]);

/** What publishing `tags` wrote before batching: one encodeMedia and one write per tag. */
function writePerMessage(connection: RtmpConnection, stream: PublishStream, tags: readonly Tag[]): void {
  const session = sessionOf(connection);
  for (const t of tags) {
    const data =
      t.type === 18 && onMetaDataBody(t.data) ? Uint8Array.from([...SET_DATA_FRAME, ...t.data]) : t.data;
    connection.writeBytes(session.encodeMedia(stream.handle, t.type, t.timestamp, data));
  }
}

/** A source that reads every chunk into the same buffer, scribbled over before each refill. */
async function* reusedChunks(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(bytes.length);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut <= at) continue;
    buffer.fill(0xa5);
    buffer.set(bytes.subarray(at, cut));
    yield buffer.subarray(0, cut - at);
    at = cut;
  }
}

async function* everyNBytes(bytes: Uint8Array, n: number): AsyncGenerator<Uint8Array> {
  const buffer = new Uint8Array(n);
  for (let at = 0; at < bytes.length; at += n) {
    buffer.fill(0x5a);
    const piece = bytes.subarray(at, at + n);
    buffer.set(piece);
    yield buffer.subarray(0, piece.length);
  }
}

function mediaSeen(capture: CaptureTransport) {
  return capture.serverEvents.flatMap((e) =>
    e.type === 'audio' || e.type === 'video'
      ? [`${e.type === 'audio' ? 8 : 9}@${e.timestamp}:${Buffer.from(e.payload).toString('hex')}`]
      : [],
  );
}
const mediaOf = (tags: readonly Tag[]) =>
  tags
    .filter((t) => t.type !== 18)
    .map((t) => `${t.type}@${t.timestamp}:${Buffer.from(t.data).toString('hex')}`);

async function referenceWire(tags: readonly Tag[]): Promise<Buffer> {
  const ref = await publishing();
  writePerMessage(ref.connection, ref.stream, tags);
  await ref.stream.end();
  await ref.connection.close();
  return ref.capture.bytesFrom(ref.from);
}

describe('publishFlv batching', () => {
  it('writes exactly the bytes of one encodeMedia per tag, in far fewer writes', async () => {
    const tags = bigTags();
    const expected = await referenceWire(tags);
    const { capture, connection, stream, from } = await publishing();
    const last = await stream.publishFlv(everyNBytes(buildFlv(tags), 1 << 20));
    expect(last).toBe(0x1000000);
    await stream.end();
    await connection.close();
    expect(capture.bytesFrom(from).equals(expected)).toBe(true);
    expect(stream.stats.tags).toBe(tags.length);
    expect(capture.writes.length - from).toBeLessThan(20); // vs ~800 tags
    expect(mediaSeen(capture)).toEqual(mediaOf(tags));
    expect(capture.serverEvents.find((e) => e.type === 'metadata')).toMatchObject({
      metadata: { duration: 2 },
    });
  });

  it('tags straddling reads at every byte offset (a source reusing its buffer): same bytes', async () => {
    const tags = smallTags();
    const flv = buildFlv(tags);
    const ref = await publishing();
    const run = await publishing();
    const sources: Array<() => AsyncGenerator<Uint8Array>> = [];
    for (let cut = 1; cut < flv.length; cut++) sources.push(() => reusedChunks(flv, [cut]));
    for (const n of [1, 2, 3, 7, 16]) sources.push(() => everyNBytes(flv, n));
    for (let a = 5; a < flv.length; a += 37)
      for (let b = a + 1; b < flv.length; b += 11) sources.push(() => reusedChunks(flv, [a, b]));
    for (const source of sources) {
      writePerMessage(ref.connection, ref.stream, tags);
      await run.stream.publishFlv(source());
    }
    await ref.connection.close();
    await run.connection.close();
    expect(run.capture.bytesFrom(run.from).equals(ref.capture.bytesFrom(ref.from))).toBe(true);
    expect(mediaSeen(run.capture).length).toBe(sources.length * 4);
  });

  it('write() and writeMetadata() from onTag keep the wire order of the chunk headers', async () => {
    const tags = smallTags();
    const ref = await publishing();
    writePerMessage(ref.connection, ref.stream, tags.slice(0, 2));
    writePerMessage(ref.connection, ref.stream, [{ type: 8, timestamp: 1, data: aacFrame(7, 12) }]);
    writePerMessage(ref.connection, ref.stream, tags.slice(2, 3));
    ref.connection.writeBytes(sessionOf(ref.connection).encodeMetadata(ref.stream.handle, { a: 1 }));
    writePerMessage(ref.connection, ref.stream, tags.slice(3));
    await ref.connection.close();
    const run = await publishing();
    let n = 0;
    await run.stream.publishFlv(everyNBytes(buildFlv(tags), 4096), {
      onTag: () => {
        n++;
        if (n === 2) run.stream.writeSync({ type: 8, timestamp: 1, data: aacFrame(7, 12) });
        if (n === 3) void run.stream.writeMetadata({ a: 1 });
      },
    });
    await run.connection.close();
    expect(run.capture.bytesFrom(run.from).equals(ref.capture.bytesFrom(ref.from))).toBe(true);
  });

  it('backpressure: waits for drain, never reuses a buffer the transport holds, same bytes', async () => {
    const tags = bigTags().filter((t) => t.data.length < 200_000);
    const shifted = tags.map((t) => ({ ...t, timestamp: (t.timestamp + 0x1000000 + 40) >>> 0 }));
    const expected = await referenceWire([...tags, ...shifted]);
    const { capture, connection, stream, from } = await publishing({ hold: true, highWaterMark: 64 * 1024 });
    // 1 MiB reads (full batches, drains) then 20 kB reads (small batches under the high-water
    // mark: several buffers held at once).
    await stream.publishFlv(everyNBytes(buildFlv(tags), 1 << 20));
    await stream.publishFlv(everyNBytes(buildFlv(tags), 20_000), { timestampOffset: 0x1000000 + 40 });
    await stream.end();
    await connection.close();
    expect(capture.violations).toEqual([]);
    expect(capture.bytesFrom(from).equals(expected)).toBe(true);
    // Batches are at most 256 KiB, and nothing is written while a drain is due.
    expect(capture.maxPending).toBeLessThan(64 * 1024 + 256 * 1024);
    // Buffers were reused once released: fewer distinct buffers than batches.
    const batches = capture.buffers.slice(from).filter((b) => b.length > 1000);
    expect(new Set(batches.map((b) => b.buffer)).size).toBeLessThan(batches.length);
  });

  it('a transport without pendingWriteBytes gets a new buffer per batch', async () => {
    const tags = bigTags().filter((t) => t.data.length < 200_000);
    const expected = await referenceWire(tags);
    const { capture, connection, stream, from } = await publishing({ hold: true, reportsPending: false });
    await stream.publishFlv(everyNBytes(buildFlv(tags), 1 << 20));
    const batches = capture.buffers.slice(from);
    await stream.end();
    await connection.close();
    expect(capture.violations).toEqual([]);
    expect(new Set(batches.map((b) => b.buffer)).size).toBe(batches.length);
    expect(capture.bytesFrom(from).equals(expected)).toBe(true);
  });

  it('a peer that stops reading: publishFlv fails with CLIENT_SEND_TIMEOUT', async () => {
    const { stream, connection, capture } = await publishing({}, { sendTimeout: 100 });
    capture.stall();
    const started = performance.now();
    const error = await stream.publishFlv(everyNBytes(buildFlv(bigTags()), 1 << 20)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLIENT_SEND_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(2000);
    // One batch went out, then it waited for the drain that never came.
    expect(capture.violations).toEqual([]);
    expect(connection.closed).toBe(true);
  });

  it('writeSync() from onTag with a nearly full batch and a transport asking for drains', async () => {
    const tags = bigTags().filter((t) => t.data.length < 200_000);
    const extra = { type: 9, timestamp: 77, data: avcFrame(77, 250_000) };
    const at = 300;
    const ref = await publishing();
    writePerMessage(ref.connection, ref.stream, tags.slice(0, at));
    writePerMessage(ref.connection, ref.stream, [extra]);
    writePerMessage(ref.connection, ref.stream, tags.slice(at));
    await ref.connection.close();
    const run = await publishing({ hold: true, highWaterMark: 1 });
    let n = 0;
    const results: boolean[] = [];
    await run.stream.publishFlv(everyNBytes(buildFlv(tags), 1 << 20), {
      onTag: () => {
        if (++n === at) results.push(run.stream.writeSync(extra));
      },
    });
    await run.connection.close();
    expect(results).toEqual([false]);
    expect(run.stream.stats.tags).toBe(tags.length + 1);
    expect(run.capture.violations.filter((v) => v.includes('modified'))).toEqual([]);
    expect(run.capture.bytesFrom(run.from).equals(ref.capture.bytesFrom(ref.from))).toBe(true);
  });

  it('RTMPE under backpressure with the server pinging: every tag and every pong decoded', async () => {
    const tags = bigTags().filter((t) => t.data.length < 200_000);
    const { capture, connection, stream } = await publishing(
      { hold: true, highWaterMark: 64 * 1024, pingEvery: 1 },
      { handshake: 'rtmpe' },
    );
    await stream.publishFlv(everyNBytes(buildFlv(tags), 1 << 20));
    await stream.end();
    await connection.close();
    // (The connection answers pings whatever the backpressure: only buffer reuse is checked.)
    expect(capture.violations.filter((v) => v.includes('modified'))).toEqual([]);
    expect(capture.serverEvents.filter((e) => e.type === 'ponged').length).toBeGreaterThan(3);
    expect(mediaSeen(capture)).toEqual(mediaOf(tags));
  });

  it('RTMPE: batches encrypted in wire order; the server decodes every tag', async () => {
    const tags = bigTags();
    const { capture, connection, stream } = await publishing({}, { handshake: 'rtmpe' });
    let n = 0;
    await stream.publishFlv(everyNBytes(buildFlv(tags), 100_000), {
      // Commands written (encrypted) while tags wait in the batch, not yet encrypted.
      onTag: () => {
        if (++n % 50 === 0) void connection.call('ping', [n]).catch(() => undefined);
      },
    });
    // A command between batches (encrypted when produced) keeps the keystream in step.
    void connection.call('ping', [1]).catch(() => undefined);
    await stream.publishFlv(everyNBytes(buildFlv(smallTags()), 64), { timestampOffset: 0x1000000 + 40 });
    await stream.end();
    await connection.close();
    expect(capture.serverEvents.some((e) => e.type === 'handshake-completed')).toBe(true);
    const pings = capture.serverEvents.filter(
      (e) => e.type === 'command-received' && e.command.name === 'ping',
    );
    expect(pings.length).toBe(Math.floor(tags.length / 50) + 1);
    const shifted = smallTags().map((t) => ({ ...t, timestamp: t.timestamp + 0x1000000 + 40 }));
    expect(mediaSeen(capture)).toEqual([...mediaOf(tags), ...mediaOf(shifted)]);
    expect(capture.serverEvents.filter((e) => e.type === 'stream-closed').length).toBeGreaterThan(0);
  });
});
