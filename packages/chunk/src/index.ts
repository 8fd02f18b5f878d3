/**
 * @rtmp/chunk — the RTMP chunk stream (RTMP spec 5.3) as a sans-IO decoder and encoder, with the
 * protocol control (5.4) and user control (6.2) messages and aggregate (7.1.6) unpacking.
 */
export { ChunkDecoder } from './chunk-decoder.js';
export type { ChunkDecoderOptions, DecodedMessage, ExtendedTimestampMode } from './chunk-decoder-options.js';
export { ChunkEncoder, type ChunkEncoderOptions, type EncodeOptions } from './chunk-encoder.js';
export { ChunkErrorCode, type ChunkErrorCodeValue } from './chunk-error-code.js';
export {
  basicHeaderLength,
  ChunkStreamId,
  MAX_CHUNK_STREAM_ID,
  MIN_CHUNK_STREAM_ID,
} from './chunk-stream-id.js';
export {
  decodeProtocolControl,
  encodeProtocolControl,
  isProtocolControlType,
  PeerBandwidthLimit,
  type ProtocolControl,
} from './protocol-control.js';
export { type UnpackAggregateOptions, unpackAggregate } from './unpack-aggregate.js';
export {
  decodeUserControl,
  encodeUserControl,
  type UserControlEvent,
  UserControlEventType,
} from './user-control.js';
