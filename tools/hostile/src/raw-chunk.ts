/**
 * A deliberately independent RTMP chunk framer (RTMP spec 5.3.1 "Chunk Format"), written from the
 * spec rather than reusing @rtmp/chunk's encoder, so hostile scripts can lie: wrong lengths,
 * omitted or repeated extended timestamps, any chunk stream id, any chunk size.
 */

/** One message to frame. */
export interface RawMessage {
  /** Chunk stream id, 2..65599 (basic header of 1, 2 or 3 bytes). */
  csid: number;
  typeId: number;
  streamId: number;
  timestamp: number;
  payload: Uint8Array;
  /** Length written in the header (default: the payload length) — lie here. */
  declaredLength?: number | undefined;
  /** Chunk size to split the payload with (default 128). */
  chunkSize?: number | undefined;
  /**
   * Extended timestamp on the type-3 continuation chunks when the header carried one:
   * `repeat` (spec, FFmpeg, librtmp ≥ 2.4) or `omit` (librtmp ≤ 2.3, some FMS builds). Default `repeat`.
   */
  extendedOnType3?: 'repeat' | 'omit' | undefined;
  /** Header format of the first chunk (default 0). fmt 1-3 reuse the peer's stored header fields. */
  fmt?: 0 | 1 | 2 | 3 | undefined;
}

/** Writes a basic header (fmt + csid) at `offset`; returns the new offset. */
export function writeBasicHeader(out: Uint8Array, offset: number, fmt: number, csid: number): number {
  if (csid >= 2 && csid <= 63) {
    out[offset] = (fmt << 6) | csid;
    return offset + 1;
  }
  if (csid >= 64 && csid <= 319) {
    out[offset] = fmt << 6;
    out[offset + 1] = csid - 64;
    return offset + 2;
  }
  out[offset] = (fmt << 6) | 1;
  out[offset + 1] = (csid - 64) & 0xff;
  out[offset + 2] = (csid - 64) >> 8;
  return offset + 3;
}

function basicLength(csid: number): number {
  return csid <= 63 ? 1 : csid <= 319 ? 2 : 3;
}

/** Frames one message into chunks and returns the bytes. */
export function rawChunks(message: RawMessage): Uint8Array {
  const chunkSize = message.chunkSize ?? 128;
  const fmt = message.fmt ?? 0;
  const { payload, csid } = message;
  const extended = message.timestamp >= 0xffffff;
  const tsField = extended ? 0xffffff : message.timestamp;
  const pieces = Math.max(1, Math.ceil(payload.length / chunkSize));
  const headerLength = [11, 7, 3, 0][fmt] as number;
  const repeatExtended = extended && (message.extendedOnType3 ?? 'repeat') === 'repeat';
  const size =
    basicLength(csid) +
    headerLength +
    (extended ? 4 : 0) +
    (pieces - 1) * (basicLength(csid) + (repeatExtended ? 4 : 0)) +
    payload.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = writeBasicHeader(out, 0, fmt, csid);
  if (fmt <= 2) {
    out[o] = (tsField >>> 16) & 0xff;
    out[o + 1] = (tsField >>> 8) & 0xff;
    out[o + 2] = tsField & 0xff;
    o += 3;
  }
  if (fmt <= 1) {
    const length = message.declaredLength ?? payload.length;
    out[o] = (length >>> 16) & 0xff;
    out[o + 1] = (length >>> 8) & 0xff;
    out[o + 2] = length & 0xff;
    out[o + 3] = message.typeId;
    o += 4;
  }
  if (fmt === 0) {
    view.setUint32(o, message.streamId, true); // message stream id is little-endian (spec 5.3.1.2.1)
    o += 4;
  }
  if (extended && fmt <= 2) {
    view.setUint32(o, message.timestamp >>> 0);
    o += 4;
  }
  for (let i = 0; i < payload.length || i === 0; i += chunkSize) {
    if (i > 0) {
      o = writeBasicHeader(out, o, 3, csid);
      if (repeatExtended) {
        view.setUint32(o, message.timestamp >>> 0);
        o += 4;
      }
    }
    const piece = payload.subarray(i, Math.min(payload.length, i + chunkSize));
    out.set(piece, o);
    o += piece.length;
    if (payload.length === 0) break;
  }
  return out.subarray(0, o);
}

/**
 * Protocol control message (spec 5.4) on csid 2, stream 0: a 4-byte big-endian value [+ 1 byte],
 * framed with the chunk size the client currently expects (default 128).
 */
export function rawControl(typeId: number, value: number, extra?: number, chunkSize = 128): Uint8Array {
  const payload = new Uint8Array(extra === undefined ? 4 : 5);
  new DataView(payload.buffer).setUint32(0, value >>> 0);
  if (extra !== undefined) payload[4] = extra;
  return rawChunks({ csid: 2, typeId, streamId: 0, timestamp: 0, payload, chunkSize });
}

/** User control message (spec 6.2, type 4) on csid 2: event type + 4-byte value. */
export function rawUserControl(eventType: number, value: number): Uint8Array {
  const payload = new Uint8Array(6);
  const view = new DataView(payload.buffer);
  view.setUint16(0, eventType);
  view.setUint32(2, value >>> 0);
  return rawChunks({ csid: 2, typeId: 4, streamId: 0, timestamp: 0, payload });
}

/** Hand-built AMF0 (AMF0 spec 2.x) so scripts can produce exactly the bytes they mean. */
export const amf0 = {
  string(s: string): number[] {
    const b = [...new TextEncoder().encode(s)];
    return [0x02, b.length >> 8, b.length & 0xff, ...b];
  },
  number(n: number): number[] {
    const b = new Uint8Array(9);
    b[0] = 0x00;
    new DataView(b.buffer).setFloat64(1, n);
    return [...b];
  },
  null(): number[] {
    return [0x05];
  },
  /** An object of string/number values. */
  object(entries: Record<string, string | number>): number[] {
    const out: number[] = [0x03];
    for (const [k, v] of Object.entries(entries)) {
      const key = [...new TextEncoder().encode(k)];
      out.push(key.length >> 8, key.length & 0xff, ...key);
      out.push(...(typeof v === 'number' ? amf0.number(v) : amf0.string(v)));
    }
    out.push(0, 0, 9);
    return out;
  },
};

/** A command message (type 20) with hand-built AMF0 values, on `csid` (default 3). */
export function rawCommand(
  values: number[][],
  options: { csid?: number; streamId?: number } = {},
): Uint8Array {
  return rawChunks({
    csid: options.csid ?? 3,
    typeId: 20,
    streamId: options.streamId ?? 0,
    timestamp: 0,
    payload: Uint8Array.from(values.flat()),
  });
}
