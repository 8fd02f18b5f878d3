/**
 * SWF verification (protocol.md §6.4; librtmp `RTMP_HashSWF` and the User Control event 27
 * answer): the SWF hash (HMAC-SHA256 keyed with "Genuine Adobe Flash Player 001" over the
 * decompressed SWF) and the 42-byte response computed from the server's S1. Sans-IO: the caller
 * inflates a `CWS` file (e.g. with node:zlib) and hands over the decompressed bytes.
 */

import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { encodeUtf8, RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';

const SWF_KEY = encodeUtf8('Genuine Adobe Flash Player 001');

/**
 * The SWF hash and size of an uncompressed SWF (`FWS…`, or a `CWS` file whose body the caller
 * inflated and whose first byte it set to `F`): `hash = HMAC-SHA256("Genuine Adobe Flash Player
 * 001", swf)`, `size = swf.length`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — the bytes do not start with `FWS`
 */
export function swfHash(uncompressedSwf: Uint8Array): { hash: Uint8Array; size: number } {
  if (
    uncompressedSwf.length < 8 ||
    uncompressedSwf[0] !== 0x46 ||
    uncompressedSwf[1] !== 0x57 ||
    uncompressedSwf[2] !== 0x53
  ) {
    throw new RtmpError(CommandsErrorCode.InvalidValue, 'not an uncompressed SWF (FWS header)', {
      details: { field: 'swf', length: uncompressedSwf.length },
    });
  }
  return { hash: hmac(sha256, SWF_KEY, uncompressedSwf), size: uncompressedSwf.length };
}

/**
 * The 42-byte SWFVerification response (User Control event 27 data): `01 01`, size (U32), size
 * (U32), `HMAC-SHA256(key = last 32 bytes of S1, data = swfHash)`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — hash not 32 bytes, S1 not 1536 bytes, size not a U32
 */
export function swfVerificationResponse(
  swf: { hash: Uint8Array; size: number },
  serverS1: Uint8Array,
): Uint8Array {
  if (
    swf.hash.length !== 32 ||
    serverS1.length !== 1536 ||
    !Number.isInteger(swf.size) ||
    swf.size < 0 ||
    swf.size > 0xffffffff
  ) {
    throw new RtmpError(
      CommandsErrorCode.InvalidValue,
      'SWF verification needs a 32-byte hash, a U32 size and the 1536-byte S1',
      {
        details: { field: 'swf', hashLength: swf.hash.length, size: swf.size, s1Length: serverS1.length },
      },
    );
  }
  const out = new Uint8Array(42);
  const view = new DataView(out.buffer);
  out[0] = 1;
  out[1] = 1;
  view.setUint32(2, swf.size);
  view.setUint32(6, swf.size);
  out.set(hmac(sha256, serverS1.subarray(1504, 1536), swf.hash), 10);
  return out;
}
