/**
 * The SWF verification answer (protocol.md §6.4; librtmp `RTMP_SendCtrl` type 0x1B): two 0x01
 * bytes, the decompressed SWF size twice, then HMAC-SHA256(key = last 32 bytes of S1, data =
 * swfHash). Sent as User Control event 27 when the server asks with event 26.
 */
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';

/** Builds the 42-byte event-27 data for the given SWF hash (32 bytes), size and the server's S1. */
export function swfVerificationResponse(
  swfHash: Uint8Array,
  swfSize: number,
  serverPacket1: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(42);
  out[0] = 1;
  out[1] = 1;
  const view = new DataView(out.buffer);
  view.setUint32(2, swfSize >>> 0);
  view.setUint32(6, swfSize >>> 0);
  out.set(hmac(sha256, serverPacket1.subarray(serverPacket1.length - 32), swfHash), 10);
  return out;
}
