/**
 * Handshake constants (RTMP spec 5.2.2-5.2.4; protocol.md 1.1 and 1.3 "Keys"): packet sizes,
 * version bytes, and the "Genuine Adobe" HMAC keys of the Flash Player 9 digest handshake.
 *
 * The keys are protocol constants: an ASCII prefix ("Genuine Adobe Flash Player 001", 30 bytes;
 * "Genuine Adobe Flash Media Server 001", 36 bytes) followed by the same 32 fixed bytes. The
 * prefixes alone key the packet-1 digests; the full keys key the packet-2 signatures.
 */

/** Size of C1/S1/C2/S2. */
export const HANDSHAKE_PACKET_SIZE = 1536;
/** Size of an HMAC-SHA256 digest/signature inside a packet. */
export const DIGEST_SIZE = 32;
/** Size of an RTMPE Diffie-Hellman public key inside a packet. */
export const DH_KEY_SIZE = 128;

/** The C0/S0 version byte: 3 plain, 6/8/9 RTMPE (8 = XTEA, 9 = Blowfish signatures). */
export type HandshakeType = 3 | 6 | 8 | 9;

const SHARED_TAIL = [
  0xf0, 0xee, 0xc2, 0x4a, 0x80, 0x68, 0xbe, 0xe8, 0x2e, 0x00, 0xd0, 0xd1, 0x02, 0x9e, 0x7e, 0x57, 0x6e, 0xec,
  0x5d, 0x2d, 0x29, 0x80, 0x6f, 0xab, 0x93, 0xb8, 0xe6, 0x36, 0xcf, 0xeb, 0x31, 0xae,
];

function asciiPlusTail(text: string): Uint8Array {
  const key = new Uint8Array(text.length + SHARED_TAIL.length);
  for (let n = 0; n < text.length; n++) key[n] = text.charCodeAt(n);
  key.set(SHARED_TAIL, text.length);
  return key;
}

/** Full Genuine FP key (62 bytes); its first {@link FP_KEY_PARTIAL_LENGTH} bytes key the client digest. */
export const GENUINE_FP_KEY: Uint8Array = asciiPlusTail('Genuine Adobe Flash Player 001');
/** Full Genuine FMS key (68 bytes); its first {@link FMS_KEY_PARTIAL_LENGTH} bytes key the server digest. */
export const GENUINE_FMS_KEY: Uint8Array = asciiPlusTail('Genuine Adobe Flash Media Server 001');
/** Length of the partial FP key (the ASCII prefix). */
export const FP_KEY_PARTIAL_LENGTH = 30;
/** Length of the partial FMS key (the ASCII prefix). */
export const FMS_KEY_PARTIAL_LENGTH = 36;

/** Client version bytes per mode (protocol.md 1.5): librtmp/FFmpeg values. */
export const DEFAULT_CLIENT_VERSION = {
  digest: [9, 0, 124, 2],
  rtmpe: [128, 0, 3, 2],
} as const;

/** Server version bytes advertised by our server in digest/RTMPE mode (librtmp's server: 3.5.1.1). */
export const DEFAULT_SERVER_VERSION = [3, 5, 1, 1] as const;
