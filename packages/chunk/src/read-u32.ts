/**
 * Big-endian unsigned 32-bit read (RTMP spec 5.3.1.3 extended timestamp, 5.4 control message
 * fields): the one multi-byte read the chunk layer does outside a DataView, inlined by V8.
 */

/** The big-endian U32 at `offset` of `bytes` (the caller checks the bounds). */
export function readU32(bytes: Uint8Array, offset: number): number {
  return (
    (((bytes[offset] as number) << 24) |
      ((bytes[offset + 1] as number) << 16) |
      ((bytes[offset + 2] as number) << 8) |
      (bytes[offset + 3] as number)) >>>
    0
  );
}

/** True when the bytes `b[p..end)` (fewer than 4) equal the first bytes of big-endian `value`. */
export function prefixMatchesU32(b: Uint8Array, p: number, end: number, value: number): boolean {
  for (let i = 0; p + i < end; i++) if (b[p + i] !== ((value >>> (24 - 8 * i)) & 0xff)) return false;
  return true;
}
