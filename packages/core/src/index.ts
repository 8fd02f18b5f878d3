/**
 * @rtmp/core — the pieces two or more @rtmp packages share: byte reader/writer, the RtmpError
 * base, 32-bit timestamp arithmetic, UTF-8 helpers and the Transport interface.
 */
export { ByteReader } from './byte-reader.js';
export { ByteWriter, type ByteWriterOptions } from './byte-writer.js';
export { MessageType, type MessageTypeId, type RtmpMessage } from './message.js';
export { CoreErrorCode, RtmpError, type RtmpErrorOptions } from './rtmp-error.js';
export {
  addTimestamp,
  compareTimestamps,
  EXTENDED_TIMESTAMP_THRESHOLD,
  TIMESTAMP_MODULUS,
  timestampDelta,
  toTimestamp,
  unwrapTimestamp,
} from './timestamp.js';
export type { Clock, RandomSource, Transport, TransportTarget } from './transport.js';
export { decodeUtf8, encodeUtf8, encodeUtf8Into, maxUtf8Length, utf8Length } from './utf8.js';
