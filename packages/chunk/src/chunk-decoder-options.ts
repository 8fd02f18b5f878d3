/**
 * Options and output type of {@link ChunkDecoder} (RTMP spec 5.3 "Chunking"; the limits bound
 * everything read from the network, protocol.md 2.1 for the extended-timestamp modes).
 */

import type { RtmpMessage } from '@rtmp/core';
import type { ChunkDecoder } from './chunk-decoder.js';

/** A message as the decoder delivers it: an {@link RtmpMessage} plus the chunk stream it came on. */
export interface DecodedMessage extends RtmpMessage {
  /** The chunk stream id (2..65599) the message arrived on (diagnostics, proxies, re-encoding). */
  chunkStreamId: number;
}

/** How type-3 chunks after a header with an extended timestamp are read (protocol.md 2.1). */
export type ExtendedTimestampMode = 'auto' | 'always' | 'never';

/** Options of {@link ChunkDecoder}; every limit has a safe default. */
export interface ChunkDecoderOptions {
  /** Incoming chunk size before any Set Chunk Size (default 128, the spec's). */
  chunkSize?: number;
  /**
   * Largest message length a header may declare (default 0xFFFFFF, the largest the 24-bit field
   * can carry: key frames of high-bitrate 4K streams reach several MiB, so a lower default would
   * reject real streams; memory is bounded by `maxBufferedBytes` instead).
   */
  maxMessageLength?: number;
  /** Largest Set Chunk Size accepted (default 0x7FFFFFFF, the spec maximum; chunk size does not
   * affect this decoder's memory). */
  maxChunkSize?: number;
  /** Largest number of distinct chunk stream ids kept (default 128; real peers use fewer than 10). */
  maxChunkStreams?: number;
  /**
   * Largest total of declared lengths of incomplete messages, which are preallocated (default
   * 32 MiB: two maximum-size messages in flight).
   */
  maxBufferedBytes?: number;
  /**
   * Extended timestamp on type-3 chunks whose chunk stream's last header had one: `auto`
   * (default) always reads it when the chunk starts a new message and, on a continuation chunk,
   * consumes 4 bytes only if they repeat the stored value (SRS heuristic; covers librtmp ≥ 2.4,
   * FFmpeg, nginx, OBS and peers that omit it); `always` (spec, FFmpeg); `never` (librtmp ≤ 2.3).
   */
  extendedTimestampOnType3?: ExtendedTimestampMode;
  /**
   * Bytes already received on the connection before the first push, e.g. the 3073 bytes of the
   * handshake (default 0): the starting value of {@link ChunkDecoder.bytesReceived}.
   */
  initialBytesReceived?: number;
  /**
   * Size of the slabs that multi-chunk messages up to a quarter of it are assembled in (default
   * 1 MiB; 0 gives every message its own buffer). A payload view keeps its whole slab alive:
   * `slice()` payloads you keep for long (sequence headers, metadata) if that matters.
   */
  payloadSlabSize?: number;
  /**
   * `stable` (default): payloads are never overwritten. `reuse`: in {@link ChunkDecoder.pushEach}
   * only, multi-chunk messages are assembled in a per-chunk-stream buffer reused for the next
   * message, valid until the callback returns (no allocation per message; `push()` is unaffected).
   */
  payloadBuffers?: 'stable' | 'reuse';
  /**
   * Allocates the slabs and large message buffers (default `new Uint8Array(n)`, which zero-fills).
   * Every byte handed out is overwritten before it is seen, so Node callers may pass an allocator
   * of uninitialised memory, e.g. `(n) => Buffer.allocUnsafeSlow(n)`, to skip the zero-filling.
   */
  allocate?: (length: number) => Uint8Array;
}
