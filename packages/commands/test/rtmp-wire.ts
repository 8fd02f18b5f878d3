/**
 * Minimal RTMP framing for the interop tests only (RTMP spec 5.3 chunk format, 5.2 simple
 * handshake): a client that does the plain handshake, sends each message as one fmt-0 chunk after
 * raising its chunk size, and de-chunks what the server sends. Deliberately independent of
 * @rtmp/chunk and @rtmp/handshake (commands may not depend on them).
 */
import { connect, type Socket } from 'node:net';

export interface WireMessage {
  csid: number;
  typeId: number;
  streamId: number;
  payload: Uint8Array;
}

/** One fmt-0 chunk holding the whole message (the chunk size must be ≥ payload length). */
export function chunk(m: WireMessage): Buffer {
  const head = Buffer.alloc(12);
  head[0] = m.csid & 0x3f;
  head.writeUIntBE(0, 1, 3);
  head.writeUIntBE(m.payload.length, 4, 3);
  head[7] = m.typeId;
  head.writeUInt32LE(m.streamId, 8);
  return Buffer.concat([head, m.payload]);
}

export const setChunkSize = (size: number): Buffer => {
  const body = Buffer.alloc(4);
  body.writeUInt32BE(size, 0);
  return chunk({ csid: 2, typeId: 1, streamId: 0, payload: body });
};

/** De-chunks a server byte stream (after S0S1S2), tracking the server's Set Chunk Size. */
export class Dechunker {
  private buffer = Buffer.alloc(0);
  private chunkSize = 128;
  private readonly streams = new Map<
    number,
    { length: number; typeId: number; streamId: number; parts: Buffer[]; got: number }
  >();
  readonly messages: WireMessage[] = [];

  push(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const consumed = this.one();
      if (consumed === 0) return;
      this.buffer = this.buffer.subarray(consumed);
    }
  }

  private one(): number {
    const b = this.buffer;
    if (b.length < 1) return 0;
    const fmt = b[0]! >> 6;
    let csid = b[0]! & 0x3f;
    let pos = 1;
    if (csid === 0) {
      if (b.length < 2) return 0;
      csid = 64 + b[1]!;
      pos = 2;
    } else if (csid === 1) {
      if (b.length < 3) return 0;
      csid = 64 + b[1]! + 256 * b[2]!;
      pos = 3;
    }
    const headerSize = [11, 7, 3, 0][fmt]!;
    if (b.length < pos + headerSize) return 0;
    const prev = this.streams.get(csid);
    const state = prev ?? { length: 0, typeId: 0, streamId: 0, parts: [], got: 0 };
    let ts = 0;
    if (fmt <= 2) ts = b.readUIntBE(pos, 3);
    if (fmt <= 1) {
      state.length = b.readUIntBE(pos + 3, 3);
      state.typeId = b[pos + 6]!;
    }
    if (fmt === 0) state.streamId = b.readUInt32LE(pos + 7);
    pos += headerSize;
    if (ts === 0xffffff) pos += 4;
    const take = Math.min(this.chunkSize, state.length - state.got);
    if (b.length < pos + take) return 0;
    state.parts.push(b.subarray(pos, pos + take));
    state.got += take;
    this.streams.set(csid, state);
    if (state.got === state.length) {
      const payload = new Uint8Array(Buffer.concat(state.parts));
      state.parts = [];
      state.got = 0;
      if (state.typeId === 1) this.chunkSize = Buffer.from(payload).readUInt32BE(0) & 0x7fffffff;
      this.messages.push({ csid, typeId: state.typeId, streamId: state.streamId, payload });
    }
    return pos + take;
  }
}

/** A connected client past the simple handshake. */
export interface WireClient {
  socket: Socket;
  dechunker: Dechunker;
  send(message: WireMessage): Promise<void>;
  /** Resolves with the first new message matching `predicate`, or rejects after `timeoutMs`. */
  waitFor(predicate: (m: WireMessage) => boolean, timeoutMs?: number): Promise<WireMessage>;
  close(): void;
}

export async function wireConnect(port: number, chunkSize = 65536): Promise<WireClient> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const dechunker = new Dechunker();
  let handshake = Buffer.alloc(0);
  let waiters: Array<() => void> = [];
  const handshakeDone = new Promise<Buffer>((resolve) => {
    socket.on('data', (data: Buffer) => {
      if (handshake.length < 3073) {
        handshake = Buffer.concat([handshake, data]);
        if (handshake.length >= 3073) {
          resolve(handshake.subarray(1, 1537));
          if (handshake.length > 3073) dechunker.push(handshake.subarray(3073));
        }
      } else dechunker.push(data);
      for (const w of waiters) w();
    });
  });
  const c1 = Buffer.alloc(1536); // time 0, zero 0: plain handshake
  for (let i = 8; i < 1536; i++) c1[i] = (i * 7) & 0xff;
  socket.write(Buffer.concat([Buffer.from([3]), c1]));
  const s1 = await handshakeDone;
  socket.write(s1); // C2 echoes S1
  if (chunkSize !== 128) socket.write(setChunkSize(chunkSize));
  let seen = 0;
  return {
    socket,
    dechunker,
    send: (message) =>
      new Promise<void>((resolve, reject) =>
        socket.write(chunk(message), (e) => (e ? reject(e) : resolve())),
      ),
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise<WireMessage>((resolve, reject) => {
        const check = () => {
          const all = dechunker.messages;
          for (; seen < all.length; seen++) {
            if (predicate(all[seen]!)) {
              const found = all[seen++]!;
              clearTimeout(timer);
              waiters = waiters.filter((w) => w !== check);
              resolve(found);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check);
          reject(new Error(`no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(check);
        check();
      }),
    close: () => socket.destroy(),
  };
}
