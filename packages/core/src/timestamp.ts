/**
 * 32-bit RTMP timestamp arithmetic (RTMP spec 5.3.1.3 "Timestamps" and 6.1.1 wrap-around).
 *
 * RTMP timestamps are milliseconds modulo 2^32: they wrap after 49 days 17 hours, and the 24-bit
 * header field overflows into the extended timestamp at 0xFFFFFF (4 h 39 min). These helpers keep
 * every value an unsigned 32-bit integer and compare timestamps by serial-number arithmetic
 * (RFC 1982) so a stream crossing the wrap keeps its order.
 */

/** 2^32: the timestamp modulus. */
export const TIMESTAMP_MODULUS = 0x1_0000_0000;
/** The largest value the 24-bit chunk header field holds; at and above it the extended field is used. */
export const EXTENDED_TIMESTAMP_THRESHOLD = 0xffffff;

/** Reduces any integer (even negative) to an unsigned 32-bit timestamp. */
export function toTimestamp(value: number): number {
  return value >>> 0;
}

/** `a + b` modulo 2^32. */
export function addTimestamp(a: number, b: number): number {
  return (a + b) >>> 0;
}

/** The unsigned distance from `from` forward to `to`, modulo 2^32. */
export function timestampDelta(from: number, to: number): number {
  return (to - from) >>> 0;
}

/**
 * Signed difference `to − from` in the range [−2^31, 2^31): positive when `to` is later,
 * even across the 2^32 wrap.
 */
export function compareTimestamps(from: number, to: number): number {
  return (to - from) | 0;
}

/**
 * Extends a wrapping 32-bit timestamp to a monotonic 53-bit one, given the previous extended
 * value: pick the candidate nearest the previous one. Used by the FLV muxer and the player.
 */
export function unwrapTimestamp(previousExtended: number, timestamp32: number): number {
  const base = previousExtended - (previousExtended % TIMESTAMP_MODULUS);
  const candidate = base + (timestamp32 >>> 0);
  const diff = candidate - previousExtended;
  if (diff >= 0x8000_0000 && candidate >= TIMESTAMP_MODULUS) return candidate - TIMESTAMP_MODULUS;
  if (diff < -0x8000_0000) return candidate + TIMESTAMP_MODULUS;
  return candidate;
}
