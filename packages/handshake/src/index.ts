/**
 * @rtmp/handshake — the RTMP handshake (RTMP spec 5.2; protocol.md section 1) as sans-IO client
 * and server state machines: plain, Flash Player 9 digest and RTMPE (DH + RC4, types 6/8/9),
 * plus the ciphers and helpers they are built from.
 */
export { Blowfish } from './blowfish.js';
export { ClientHandshake, type ClientHandshakeOptions } from './client-handshake.js';
export {
  bigIntToBytes,
  bytesToBigInt,
  DH_GENERATOR,
  DH_PRIME,
  type DhSecret,
  DiffieHellman,
  modPow,
} from './diffie-hellman.js';
export {
  DEFAULT_CLIENT_VERSION,
  DEFAULT_SERVER_VERSION,
  DH_KEY_SIZE,
  DIGEST_SIZE,
  FMS_KEY_PARTIAL_LENGTH,
  FP_KEY_PARTIAL_LENGTH,
  GENUINE_FMS_KEY,
  GENUINE_FP_KEY,
  HANDSHAKE_PACKET_SIZE,
  type HandshakeType,
} from './genuine-keys.js';
export {
  HandshakeErrorCode,
  type HandshakeErrorCodeValue,
  type HandshakeWarning,
  HandshakeWarningCode,
  type HandshakeWarningCodeValue,
} from './handshake-error-code.js';
export { HandshakeMachine } from './handshake-machine.js';
export type {
  DigestPolicy,
  HandshakeCommonOptions,
  HandshakeCompletion,
  HandshakeMode,
  HandshakeState,
  HandshakeStep,
} from './handshake-types.js';
export {
  computePacketDigest,
  computePacketSignature,
  type DigestLocation,
  type DigestScheme,
  dhKeyOffset,
  digestOffset,
  findPacketDigest,
  verifyPacketDigest,
} from './packet-digest.js';
export { Rc4 } from './rc4.js';
export { deriveRtmpeCiphers, type RtmpeCiphers } from './rtmpe-ciphers.js';
export { RTMPE8_KEYS, RTMPE9_KEYS_HEX } from './rtmpe-key-tables.js';
export { transformSignature } from './rtmpe-signature.js';
export { ServerHandshake, type ServerHandshakeOptions } from './server-handshake.js';
export { xteaEncryptBlock, xteaEncryptWords } from './xtea.js';
