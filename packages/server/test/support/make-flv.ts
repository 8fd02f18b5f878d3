// Writes synthetic FLV files for the tests, byte by byte from FLV 10.1 spec E.2–E.5 (no
// @rtmp/flv code involved), and returns the tags it wrote so tests can compare what a player got.
import { writeFileSync } from 'node:fs';

export interface WrittenTag {
  type: number;
  timestamp: number;
  data: Uint8Array;
  offset: number;
}

export interface SyntheticFlv {
  path: string;
  tags: WrittenTag[];
  /** Keyframe (ms, file offset) pairs in file order. */
  keyframes: Array<{ ms: number; offset: number }>;
}

export interface SyntheticOptions {
  seconds?: number;
  /** Write keyframes.times/filepositions into onMetaData (default true). */
  index?: boolean;
  /** Corrupt the keyframe index's positions (they point at audio tags). */
  badIndex?: boolean;
  /** Video frame size in bytes (default 600). */
  frameBytes?: number;
}

const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
const amfString = (s: string) => [0x02, s.length >> 8, s.length & 0xff, ...ascii(s)];
const amfKey = (s: string) => [s.length >> 8, s.length & 0xff, ...ascii(s)];
function amfNumber(n: number): number[] {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, n);
  return [0x00, ...new Uint8Array(b.buffer)];
}
const strictArray = (values: number[]) => [
  0x0a,
  (values.length >>> 24) & 0xff,
  (values.length >>> 16) & 0xff,
  (values.length >>> 8) & 0xff,
  values.length & 0xff,
  ...values.flatMap(amfNumber),
];

function metadataBody(duration: number, times: number[], positions: number[], index: boolean): number[] {
  const body = [...amfString('onMetaData'), 0x08, 0, 0, 0, index ? 3 : 2];
  body.push(...amfKey('duration'), ...amfNumber(duration));
  body.push(...amfKey('width'), ...amfNumber(320));
  if (index) {
    body.push(...amfKey('keyframes'), 0x03);
    body.push(...amfKey('times'), ...strictArray(times));
    body.push(...amfKey('filepositions'), ...strictArray(positions));
    body.push(0, 0, 9);
  }
  body.push(0, 0, 9);
  return body;
}

function frame(first: number, second: number, length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  out[0] = first;
  out[1] = second;
  for (let i = 2; i < length; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}

/** Builds the media tags (A/V), then lays out the file twice: once to learn offsets, once for real. */
export function writeSyntheticFlv(path: string, options: SyntheticOptions = {}): SyntheticFlv {
  const seconds = options.seconds ?? 4;
  const frameBytes = options.frameBytes ?? 600;
  const media: Array<{ type: number; timestamp: number; data: Uint8Array; keyframe: boolean }> = [];
  media.push({ type: 9, timestamp: 0, data: frame(0x17, 0x00, 40, 1), keyframe: false });
  media.push({ type: 8, timestamp: 0, data: frame(0xaf, 0x00, 4, 2), keyframe: false });
  let v = 0;
  let a = 0;
  const end = seconds * 1000;
  for (;;) {
    const vt = v * 40;
    const at = Math.floor((a * 1024 * 1000) / 44100);
    if (vt >= end && at >= end) break;
    if (vt <= at && vt < end) {
      const key = v % 25 === 0;
      media.push({
        type: 9,
        timestamp: vt,
        data: frame(key ? 0x17 : 0x27, 0x01, key ? frameBytes * 4 : frameBytes, v),
        keyframe: key,
      });
      v++;
    } else {
      media.push({ type: 8, timestamp: at, data: frame(0xaf, 0x01, 180, 1000 + a), keyframe: false });
      a++;
    }
  }
  const layout = (times: number[], positions: number[]) => {
    const script = Uint8Array.from(metadataBody(seconds, times, positions, options.index !== false));
    const all = [{ type: 18, timestamp: 0, data: script, keyframe: false }, ...media];
    const parts: Uint8Array[] = [Uint8Array.of(0x46, 0x4c, 0x56, 1, 5, 0, 0, 0, 9, 0, 0, 0, 0)];
    let length = 13;
    const tags: WrittenTag[] = [];
    const keyframes: Array<{ ms: number; offset: number }> = [];
    let lastAudio = 0;
    for (const t of all) {
      const offset = length;
      if (t.type === 8) lastAudio = offset;
      if (t.keyframe) keyframes.push({ ms: t.timestamp, offset });
      const size = t.data.length;
      const ts = t.timestamp;
      const prev = 11 + size;
      parts.push(
        Uint8Array.of(t.type, (size >> 16) & 0xff, (size >> 8) & 0xff, size & 0xff),
        Uint8Array.of((ts >> 16) & 0xff, (ts >> 8) & 0xff, ts & 0xff, (ts >>> 24) & 0xff, 0, 0, 0),
        t.data,
        Uint8Array.of((prev >>> 24) & 0xff, (prev >> 16) & 0xff, (prev >> 8) & 0xff, prev & 0xff),
      );
      length += 11 + size + 4;
      tags.push({ type: t.type, timestamp: t.timestamp, data: t.data, offset });
    }
    const bytes = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      bytes.set(part, at);
      at += part.length;
    }
    return { bytes, tags, keyframes, lastAudio };
  };
  // The index's numbers have a fixed encoded size, so a first pass with placeholders gives the offsets.
  const keyCount = media.filter((m) => m.keyframe).length;
  const first = layout(new Array(keyCount).fill(0), new Array(keyCount).fill(0));
  const positions = options.badIndex
    ? first.keyframes.map(() => first.lastAudio)
    : first.keyframes.map((k) => k.offset);
  const final = layout(
    first.keyframes.map((k) => k.ms / 1000),
    positions,
  );
  writeFileSync(path, final.bytes);
  return { path, tags: final.tags, keyframes: final.keyframes };
}
