/**
 * An independent FLV tag lister for interop assertions (deliberately not @rtmp/flv, so a bug
 * there cannot hide itself): one entry per tag with type, timestamp, size and SHA-1 of the data,
 * and a comparison that aligns tags per type, like the lab's flvtags.py.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One FLV tag. */
export interface FlvTagInfo {
  index: number;
  /** 8 audio, 9 video, 18 script data. */
  type: number;
  timestamp: number;
  size: number;
  sha1: string;
  /** Byte offset of the tag header in the file. */
  offset: number;
}

/** The tags of an FLV file, plus whether it ended cleanly after its last tag. */
export interface FlvTagList {
  hasAudio: boolean;
  hasVideo: boolean;
  tags: FlvTagInfo[];
  /** Bytes after the last complete tag (a truncated tag), 0 for a clean file. */
  trailingBytes: number;
}

/** Lists the tags of an FLV file (path or bytes). Throws on a bad header. */
export function flvTags(file: string | Uint8Array): FlvTagList {
  const bytes =
    typeof file === 'string'
      ? readFileSync(file)
      : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  if (bytes.length < 13 || bytes.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV file');
  const flags = bytes[4]!;
  let offset = bytes.readUInt32BE(5) + 4;
  const tags: FlvTagInfo[] = [];
  while (offset + 11 <= bytes.length) {
    const type = bytes[offset]! & 0x1f;
    const size = bytes.readUIntBE(offset + 1, 3);
    const timestamp = (bytes.readUIntBE(offset + 4, 3) | (bytes[offset + 7]! << 24)) >>> 0;
    const end = offset + 11 + size + 4;
    if (end > bytes.length) break;
    const data = bytes.subarray(offset + 11, offset + 11 + size);
    tags.push({
      index: tags.length,
      type,
      timestamp,
      size,
      sha1: createHash('sha1').update(data).digest('hex'),
      offset,
    });
    offset = end;
  }
  return {
    hasAudio: (flags & 4) !== 0,
    hasVideo: (flags & 1) !== 0,
    tags,
    trailingBytes: bytes.length - offset,
  };
}

/** Options for {@link compareFlvTags}. */
export interface CompareOptions {
  /** Ignore video tags of 5 bytes or less (librtmp drops the AVC end-of-sequence tag). */
  ignoreEos?: boolean;
  /** Ignore script-data tags (onMetaData is rewritten by some peers). */
  ignoreScript?: boolean;
  /** Also require equal timestamps (default true). */
  strictTimestamps?: boolean;
}

/** The result of {@link compareFlvTags}: `equal` plus human-readable differences (at most 20). */
export interface CompareResult {
  equal: boolean;
  differences: string[];
  counts: { expected: Record<number, number>; actual: Record<number, number> };
}

/** Compares two tag lists per type, in order: same data (and timestamps, by default). */
export function compareFlvTags(
  expected: FlvTagList,
  actual: FlvTagList,
  options: CompareOptions = {},
): CompareResult {
  const keep = (t: FlvTagInfo) =>
    !(options.ignoreEos && t.type === 9 && t.size <= 5) && !(options.ignoreScript && t.type === 18);
  const differences: string[] = [];
  const counts = { expected: {} as Record<number, number>, actual: {} as Record<number, number> };
  for (const type of [8, 9, 18]) {
    const a = expected.tags.filter((t) => t.type === type && keep(t));
    const b = actual.tags.filter((t) => t.type === type && keep(t));
    counts.expected[type] = a.length;
    counts.actual[type] = b.length;
    if (a.length !== b.length) differences.push(`type ${type}: ${a.length} tags expected, ${b.length} found`);
    for (let i = 0; i < Math.min(a.length, b.length) && differences.length < 20; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x.sha1 !== y.sha1 || x.size !== y.size)
        differences.push(`type ${type} #${i}: data differs (${x.size} vs ${y.size} bytes)`);
      else if (options.strictTimestamps !== false && x.timestamp !== y.timestamp)
        differences.push(`type ${type} #${i}: timestamp ${x.timestamp} expected, ${y.timestamp} found`);
    }
  }
  return { equal: differences.length === 0, differences, counts };
}
