// Test helpers for @rtmp/flv (tests may use node:*; the package itself does not).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FlvDemuxer, type FlvMuxer, type FlvMuxInput, type FlvTag } from '../src/index.js';

/** Bytes from a hex string; whitespace and `|` separators are ignored. */
export function hex(text: string): Uint8Array {
  const clean = text.replace(/[\s|]/g, '');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))));
}

/** A copy of a tag whose data is safe to keep. */
export function keep(tag: FlvTag): FlvTag {
  return { ...tag, data: tag.data.slice() };
}

/** Demuxes `bytes` split into the given chunk lengths (the rest in one last chunk). */
export function demuxChunks(
  bytes: Uint8Array,
  cuts: readonly number[],
  demuxer = new FlvDemuxer(),
): FlvTag[] {
  const tags: FlvTag[] = [];
  let pos = 0;
  for (const cut of cuts) {
    for (const t of demuxer.push(bytes.subarray(pos, pos + cut))) tags.push(keep(t));
    pos += cut;
  }
  for (const t of demuxer.push(bytes.subarray(pos))) tags.push(keep(t));
  return tags;
}

/** Feeds messages to a muxer and concatenates everything it returns (copying each call's chunks). */
export function muxAll(muxer: FlvMuxer, messages: readonly FlvMuxInput[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const m of messages) for (const c of muxer.write(m)) parts.push(c.slice());
  for (const c of muxer.end()) parts.push(c.slice());
  return concat(parts);
}

/** Tags → the RTMP messages nginx-rtmp vod sends for them (same type, timestamp, body). */
export function tagsAsMessages(tags: readonly FlvTag[]): FlvMuxInput[] {
  return tags.map((t) => ({ typeId: t.type, timestamp: t.timestamp, payload: t.data }));
}
