/** Test helpers: hex literals, feeding a decoder in pieces, message comparison shapes. */
import { ChunkDecoder, type ChunkDecoderOptions, type DecodedMessage } from '@rtmp/chunk';

/** Bytes from a hex string; whitespace and `|` (field separators in annotated vectors) ignored. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/[\s|]/g, '');
  if (clean.length % 2 !== 0) throw new Error(`odd hex length: ${clean}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** `count` bytes counting up from `start` (mod 256): recognisable payloads. */
export function ramp(count: number, start = 0): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (start + i) & 0xff;
  return out;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A plain comparable shape of a decoded message (payload as a byte array). */
export function shape(
  m: DecodedMessage | { typeId: number; streamId: number; timestamp: number; payload: Uint8Array },
) {
  return { typeId: m.typeId, streamId: m.streamId, timestamp: m.timestamp, payload: Array.from(m.payload) };
}

/** Decodes `bytes` pushed as the given pieces (cut at `cuts`, ascending offsets). */
export function decodeCuts(
  bytes: Uint8Array,
  cuts: number[],
  options?: ChunkDecoderOptions,
): DecodedMessage[] {
  const decoder = new ChunkDecoder(options);
  const out: DecodedMessage[] = [];
  let last = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...decoder.push(bytes.slice(last, cut)));
    last = cut;
  }
  return out;
}

/** Every way of feeding `bytes` that the tests check: whole, each single split, byte by byte. */
export function* feedings(bytes: Uint8Array): Generator<[string, number[]]> {
  yield ['whole', []];
  for (let i = 1; i < bytes.length; i++) yield [`split at ${i}`, [i]];
  yield ['byte by byte', Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)];
  if (bytes.length <= 80) {
    for (let i = 1; i < bytes.length; i++)
      for (let j = i + 1; j < bytes.length; j++) yield [`split at ${i},${j}`, [i, j]];
  }
}
