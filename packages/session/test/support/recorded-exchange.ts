// Test support: records what a ServerSession sends a ClientSession during a short exchange
// (handshake + connect, then play + media + Play.Stop), so a fresh client built with the same
// seeded randomness can be fed those exact bytes again, split any way, with and without
// receive()'s onOutput callback.
import { ClientSession, type ClientSessionOptions, type SessionOutput } from '@rtmp/session';
import { connectPair, makePair, seededRandom } from './in-memory-pair.js';

export interface Frame {
  typeId: 8 | 9;
  timestamp: number;
  payload: Uint8Array;
}

export interface RecordedExchange {
  /** Server bytes up to the connect `_result` (before the client calls play()). */
  beforePlay: Uint8Array;
  /** Server bytes after play(): createStream `_result`, Play.Start, metadata, media, Play.Stop. */
  afterPlay: Uint8Array;
  /** The media the server sent, in order. */
  frames: Frame[];
  /** Builds a client in the recorded client's initial state. */
  newClient(): ClientSession;
}

const CLIENT_OPTIONS: Partial<ClientSessionOptions> = {
  connect: { app: 'app', tcUrl: 'rtmp://127.0.0.1/app', flashVer: 'LNX 10,0,32,18' },
};

/** A frame body whose bytes depend on `seed` (first byte: FLV audio/video tag header). */
export function frameBody(typeId: 8 | 9, seed: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (seed * 29 + i * 5 + (i >> 7)) & 0xff;
  out[0] = typeId === 8 ? 0xaf : seed === 0 ? 0x17 : 0x27;
  return out;
}

/**
 * Records the exchange. `chunkSize` is the server's outgoing chunk size (small values make every
 * frame a multi-chunk message); `windowAckSize` small makes the client acknowledge while receiving.
 */
export function recordExchange(
  frames: Frame[],
  server: { chunkSize?: number; windowAckSize?: number } = {},
): RecordedExchange {
  const pair = makePair({ ...CLIENT_OPTIONS }, { ...server });
  const segments: Uint8Array[][] = [[], []];
  let segment = 0;
  const receive = pair.client.receive.bind(pair.client);
  pair.client.receive = (bytes: Uint8Array, onOutput?: (output: SessionOutput) => void) => {
    segments[segment]?.push(bytes.slice());
    return receive(bytes, onOutput);
  };
  connectPair(pair);
  segment = 1;
  const { outputs } = pair.client.play({ name: 'movie', start: 0 });
  pair.fromClient(outputs);
  pair.run();
  const requested = pair.serverEvents.find((e) => e.type === 'play-requested');
  if (requested?.type !== 'play-requested') throw new Error('the server saw no play');
  pair.toClient.push(pair.server.encodeMetadata(requested.streamId, { duration: 1.5, width: 320 }));
  for (const f of frames)
    pair.toClient.push(pair.server.encodeMedia(requested.streamId, f.typeId, f.timestamp, f.payload));
  pair.fromServer(pair.server.endPlay(requested.streamId));
  pair.run();
  if (!pair.clientEvents.some((e) => e.type === 'stream-ended')) throw new Error('recording incomplete');
  return {
    beforePlay: Buffer.concat(segments[0] as Uint8Array[]),
    afterPlay: Buffer.concat(segments[1] as Uint8Array[]),
    frames,
    newClient: () => new ClientSession({ random: seededRandom(7), ...CLIENT_OPTIONS }),
  };
}

/**
 * A deep copy of an output with every byte array turned into hex, taken at once (the payloads may
 * be transient), as a string for fast comparison.
 */
export function snapshot(output: SessionOutput): string {
  return JSON.stringify(plain(output));
}

function plain(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return { hex: Buffer.from(value.buffer, value.byteOffset, value.length).toString('hex') };
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) return { map: [...value.entries()].map(([k, v]) => [plain(k), plain(v)]) };
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = plain(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

/**
 * Feeds a fresh client: start(), `beforePlay` in `pieces1`, play(), `afterPlay` in `pieces2`.
 * With `callback`, every receive goes through onOutput (and must return []). Returns the
 * snapshots of every receive output, in order.
 */
export function replay(
  exchange: RecordedExchange,
  cuts1: readonly number[],
  cuts2: readonly number[],
  callback: boolean,
  prepare?: (client: ClientSession) => void,
): { outputs: string[]; client: ClientSession } {
  const client = exchange.newClient();
  client.start();
  prepare?.(client);
  const outputs: string[] = [];
  const feed = (bytes: Uint8Array, cuts: readonly number[]) => {
    let last = 0;
    for (const cut of [...cuts, bytes.length]) {
      // A fresh copy per piece: RTMPE would decrypt in place, and callers may reuse their bytes.
      const piece = bytes.slice(last, cut);
      last = cut;
      if (callback) {
        const returned = client.receive(piece, (o) => outputs.push(snapshot(o)));
        if (returned.length !== 0) throw new Error('receive with onOutput returned outputs');
      } else for (const o of client.receive(piece)) outputs.push(snapshot(o));
    }
  };
  feed(exchange.beforePlay, cuts1);
  client.play({ name: 'movie', start: 0 });
  feed(exchange.afterPlay, cuts2);
  return { outputs, client };
}
