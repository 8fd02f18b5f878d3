/**
 * ChunkDecoder: incremental, sans-IO reader of the RTMP chunk stream (RTMP spec 5.3 "Chunking":
 * 5.3.1.1 basic header, 5.3.1.2 message header types 0–3, 5.3.1.3 extended timestamp; 5.4.1 Set
 * Chunk Size and 5.4.2 Abort, which change the framing and are acted on here; 5.4.3/5.4.4 byte
 * counting for acknowledgements). protocol.md sections 2.1 and 2.4.
 *
 * Design: bytes are parsed straight out of each pushed array. Only an incomplete chunk header
 * (at most 18 bytes) is carried over between pushes, in a fixed scratch buffer. A message that
 * lies within one chunk and one push is handed out as a `subarray` of the input (no copy); any
 * other message is assembled in a buffer allocated once, at its declared length, on its first
 * chunk (exactly one copy of each payload byte, never a per-chunk concatenation).
 */

import { RtmpError } from '@rtmp/core';
import type { ChunkDecoderOptions, DecodedMessage, ExtendedTimestampMode } from './chunk-decoder-options.js';
import { ChunkErrorCode, invalidChunkSize, limitError, missingHeader } from './chunk-error-code.js';
import type { ChunkStreamState } from './chunk-stream-state.js';
import { ChunkStreamTable } from './chunk-stream-table.js';
import { PayloadAllocator } from './payload-allocator.js';
import { prefixMatchesU32, readU32 } from './read-u32.js';

const MESSAGE_HEADER_LENGTH = [11, 7, 3, 0] as const;
const NEED_MORE = -1;

/**
 * Incremental RTMP chunk stream decoder. Feed it the bytes after the handshake with
 * {@link ChunkDecoder.push}; it returns every message completed by those bytes.
 *
 * Payload lifetime: a payload is either a view into the array you pushed (when the message lay
 * within one chunk of that push) or a buffer of the decoder's that is never reused (a slab slice),
 * so payloads stay valid as long as you do not modify the arrays you push. `pushEach` with
 * `payloadBuffers: 'reuse'` trades that for zero allocation (see {@link ChunkDecoder.pushEach}).
 *
 * After the decoder throws it is failed: every later call throws `CHUNK_DECODER_FAILED`.
 */
export class ChunkDecoder {
  private readonly maxMessageLength: number;
  private readonly maxChunkSize: number;
  private readonly maxBufferedBytes: number;
  private readonly extMode: ExtendedTimestampMode;
  private inChunkSize: number;
  private readonly streams: ChunkStreamTable;
  private buffered = 0;
  /** Chunk stream whose chunk payload is being read, and the payload bytes left in that chunk. */
  private current: ChunkStreamState | null = null;
  private chunkLeft = 0;
  /** An incomplete header carried over from the previous push. */
  private readonly scratch = new Uint8Array(24);
  private scratchLength = 0;
  private received32 = 0;
  private receivedTotal = 0;
  private failure: unknown = null;
  private readonly payloads: PayloadAllocator;
  private out: DecodedMessage[] | null = null;
  private sink: ((message: DecodedMessage) => void) | null = null;
  private reuse: boolean;
  /** In a pushEach() call with payloadBuffers 'reuse'. */
  private reuseNow = false;
  /** Whether the peer was seen repeating the extended timestamp on continuation chunks. */
  private repeatsExtended: boolean | undefined = undefined;

  /** @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — `chunkSize` outside 1..0x7FFFFFFF. */
  constructor(options: ChunkDecoderOptions = {}) {
    this.maxMessageLength = options.maxMessageLength ?? 0xffffff;
    this.maxChunkSize = options.maxChunkSize ?? 0x7fffffff;
    this.streams = new ChunkStreamTable(options.maxChunkStreams ?? 128);
    this.maxBufferedBytes = options.maxBufferedBytes ?? 32 * 1024 * 1024;
    this.extMode = options.extendedTimestampOnType3 ?? 'auto';
    this.inChunkSize = 128;
    this.setChunkSize(options.chunkSize ?? 128);
    this.reuse = options.payloadBuffers === 'reuse';
    this.payloads = new PayloadAllocator(
      options.payloadSlabSize ?? 1024 * 1024,
      this.maxBufferedBytes,
      options.allocate,
    );
    this.receivedTotal = options.initialBytesReceived ?? 0;
    this.received32 = this.receivedTotal >>> 0;
  }

  /**
   * The payload buffer mode of {@link ChunkDecoder.pushEach} (see the `payloadBuffers` option).
   * May be changed between pushes: a message being assembled keeps the buffer it started in.
   */
  get payloadBuffers(): 'stable' | 'reuse' {
    return this.reuse ? 'reuse' : 'stable';
  }

  set payloadBuffers(mode: 'stable' | 'reuse') {
    this.reuse = mode === 'reuse';
  }

  /** The incoming chunk size in force. */
  get chunkSize(): number {
    return this.inChunkSize;
  }

  /**
   * Total bytes pushed, modulo 2^32: the sequence number of an Acknowledgement (spec 5.4.3).
   * Pushing starts after the handshake, so add the handshake's bytes if your peer counts them.
   */
  get bytesReceived(): number {
    return this.received32;
  }

  /** Total bytes pushed, without wrap-around (exact up to 2^53). */
  get totalBytesReceived(): number {
    return this.receivedTotal;
  }

  /** Sum of the declared lengths of the messages being assembled (bounded by `maxBufferedBytes`). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Number of chunk stream ids with state (bounded by `maxChunkStreams`). */
  get chunkStreamCount(): number {
    return this.streams.size;
  }

  /**
   * In `auto` mode: `true` once the peer was seen repeating the extended timestamp on a
   * continuation chunk, `false` once seen omitting it, `undefined` until then (diagnostics).
   */
  get peerRepeatsExtendedTimestamp(): boolean | undefined {
    return this.repeatsExtended;
  }

  /**
   * Sets the incoming chunk size (the decoder does this itself on a Set Chunk Size message).
   * Values above 0xFFFFFF act like 0xFFFFFF, since no message is longer.
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — outside 1..0x7FFFFFFF.
   * @throws {RtmpError} CHUNK_CHUNK_SIZE_TOO_LARGE — above `maxChunkSize`.
   */
  setChunkSize(size: number): void {
    if (!Number.isInteger(size) || size < 1 || size > 0x7fffffff) throw invalidChunkSize(size);
    if (size > this.maxChunkSize)
      throw limitError(ChunkErrorCode.ChunkSizeTooLarge, 'chunk size', size, this.maxChunkSize);
    this.inChunkSize = size;
  }

  /**
   * Decodes `bytes` and returns the messages they complete, in wire order (Set Chunk Size and
   * Abort included, after the decoder has applied them). Keeps no reference to `bytes` except
   * through returned payload views.
   * @throws {RtmpError} CHUNK_MESSAGE_TOO_LARGE — a header declares more than `maxMessageLength`.
   * @throws {RtmpError} CHUNK_BUFFER_LIMIT — incomplete messages would exceed `maxBufferedBytes`.
   * @throws {RtmpError} CHUNK_TOO_MANY_CHUNK_STREAMS — more than `maxChunkStreams` csids.
   * @throws {RtmpError} CHUNK_MISSING_HEADER — type 2/3 header on a chunk stream never started.
   * @throws {RtmpError} CHUNK_INVALID_CHUNK_SIZE — Set Chunk Size of 0 or with bit 31 set.
   * @throws {RtmpError} CHUNK_CHUNK_SIZE_TOO_LARGE — Set Chunk Size above `maxChunkSize`.
   * @throws {RtmpError} CHUNK_INVALID_CONTROL_MESSAGE — Set Chunk Size / Abort body under 4 bytes.
   * @throws {RtmpError} CHUNK_DECODER_FAILED — the decoder threw before.
   */
  push(bytes: Uint8Array): DecodedMessage[] {
    const out: DecodedMessage[] = [];
    this.run(bytes, out, null);
    return out;
  }

  /**
   * Like {@link ChunkDecoder.push}, but hands each message to `onMessage` as soon as it is
   * complete, without building an array. With `payloadBuffers: 'reuse'` the payload of a
   * message assembled from several chunks lives in a buffer that is reused for the next message
   * on its chunk stream: it is valid only until `onMessage` returns (copy it to keep it). An
   * exception thrown by `onMessage` fails the decoder and is rethrown.
   * @throws {RtmpError} the codes of {@link ChunkDecoder.push}.
   */
  pushEach(bytes: Uint8Array, onMessage: (message: DecodedMessage) => void): void {
    this.run(bytes, null, onMessage);
  }

  private run(
    bytes: Uint8Array,
    out: DecodedMessage[] | null,
    sink: ((m: DecodedMessage) => void) | null,
  ): void {
    if (this.failure !== null) {
      throw new RtmpError(ChunkErrorCode.DecoderFailed, 'the chunk decoder failed earlier', {
        cause: this.failure,
      });
    }
    this.out = out;
    this.sink = sink;
    this.reuseNow = sink !== null && this.reuse;
    this.received32 = (this.received32 + bytes.length) >>> 0;
    this.receivedTotal += bytes.length;
    try {
      // Subclasses (Node's Buffer) have a slower subarray(): work on a plain Uint8Array view.
      this.decode(
        bytes.constructor === Uint8Array
          ? bytes
          : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      );
    } catch (error) {
      this.failure = error;
      throw error;
    } finally {
      this.out = null;
      this.sink = null;
    }
  }

  private decode(bytes: Uint8Array): void {
    const end = bytes.length;
    let pos = 0;
    if (this.scratchLength > 0) {
      // Complete the carried-over header from the new bytes.
      const scratch = this.scratch;
      const had = this.scratchLength;
      const take = Math.min(18 - had, end);
      scratch.set(bytes.subarray(0, take), had);
      const used = this.parseHeader(scratch, 0, had + take);
      if (used === NEED_MORE) {
        this.scratchLength = had + take;
        return;
      }
      this.scratchLength = 0;
      if (used < had) {
        // The header was shorter than what was carried over (an extended timestamp that was
        // peeked at and not repeated): decode those bytes first, then all of the new input.
        this.decode(scratch.slice(used, had));
        this.decode(bytes);
        return;
      }
      pos = used - had;
    }
    while (true) {
      if (this.chunkLeft > 0) {
        pos = this.readPayload(bytes, pos, end);
        if (this.chunkLeft > 0) return;
      }
      if (pos >= end) return;
      const next = this.parseHeader(bytes, pos, end);
      if (next === NEED_MORE) {
        this.scratch.set(bytes.subarray(pos, end), 0);
        this.scratchLength = end - pos;
        return;
      }
      pos = next;
    }
  }

  /** Copies (or views) chunk payload bytes of the current message; returns the new position. */
  private readPayload(bytes: Uint8Array, pos: number, end: number): number {
    const state = this.current as ChunkStreamState;
    const left = this.chunkLeft;
    const length = state.length;
    if (state.buffer === null) {
      // First chunk of a message: zero-copy when the whole message is here in one chunk.
      if (state.received === 0 && left === length && end - pos >= length) {
        this.chunkLeft = 0;
        this.emit(state, bytes.subarray(pos, pos + length));
        return pos + length;
      }
      if (this.buffered + length > this.maxBufferedBytes) {
        throw limitError(
          ChunkErrorCode.BufferLimit,
          'buffered bytes',
          this.buffered + length,
          this.maxBufferedBytes,
          {
            csid: state.csid,
          },
        );
      }
      this.buffered += length;
      state.buffer = this.reuseNow ? this.payloads.reusable(state, length) : this.payloads.allocate(length);
    }
    const buffer = state.buffer;
    const chunkSize = this.inChunkSize;
    // Fast path: a 1-byte type-3 header on this chunk stream continues the message in place.
    const continuation = state.csid < 64 && !state.hasExtended ? 0xc0 | state.csid : -1;
    let chunkLeft = left;
    let received = state.received;
    while (true) {
      const count = Math.min(end - pos, chunkLeft);
      buffer.set(bytes.subarray(pos, pos + count), received);
      received += count;
      pos += count;
      chunkLeft -= count;
      if (received === length || chunkLeft > 0 || pos >= end || bytes[pos] !== continuation) break;
      pos++;
      chunkLeft = Math.min(length - received, chunkSize);
    }
    state.received = received;
    this.chunkLeft = chunkLeft;
    if (received === length) {
      state.buffer = null;
      this.buffered -= length;
      // A reusable buffer handed out by push() (message begun in a pushEach()) must be copied.
      this.emit(state, buffer === state.spare && !this.reuseNow ? buffer.slice() : buffer);
    }
    return pos;
  }

  /**
   * Parses one chunk header at `pos`, commits it to its chunk stream's state and sets up the
   * payload read. Returns the position after the header, or NEED_MORE (state untouched).
   */
  private parseHeader(b: Uint8Array, pos: number, end: number): number {
    let p = pos;
    const b0 = b[p++] as number;
    const fmt = b0 >>> 6;
    let csid = b0 & 0x3f;
    if (csid === 0) {
      if (p + 1 > end) return NEED_MORE;
      csid = (b[p++] as number) + 64;
    } else if (csid === 1) {
      if (p + 2 > end) return NEED_MORE;
      csid = (b[p] as number) + (b[p + 1] as number) * 256 + 64;
      p += 2;
    }
    if (p + MESSAGE_HEADER_LENGTH[fmt as 0 | 1 | 2 | 3] > end) return NEED_MORE;
    const state = this.streams.get(csid);
    if (fmt === 3) return this.parseType3(state, b, p, end);
    if (fmt === 2 && !state.started) throw missingHeader(csid, fmt);
    let field = ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number);
    p += 3;
    let length = state.length;
    let typeId = state.typeId;
    let streamId = state.streamId;
    if (fmt <= 1) {
      length = ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number);
      typeId = b[p + 3] as number;
      p += 4;
      if (fmt === 0) {
        streamId =
          ((b[p] as number) |
            ((b[p + 1] as number) << 8) |
            ((b[p + 2] as number) << 16) |
            ((b[p + 3] as number) << 24)) >>>
          0;
        p += 4;
      }
    }
    const hasExtended = field === 0xffffff;
    if (hasExtended) {
      if (p + 4 > end) return NEED_MORE;
      field = readU32(b, p);
      p += 4;
    }
    // Header complete: commit.
    if (length > this.maxMessageLength) {
      throw limitError(ChunkErrorCode.MessageTooLarge, 'message length', length, this.maxMessageLength, {
        csid,
      });
    }
    if (state.buffer !== null) this.dropPartial(state); // a new header mid-message: discard the partial one
    state.started = true;
    state.timestamp = fmt === 0 ? field : (state.timestamp + field) >>> 0;
    state.delta = field;
    state.length = length;
    state.typeId = typeId;
    state.streamId = streamId;
    state.hasExtended = hasExtended;
    state.extended = field;
    state.received = 0;
    this.beginChunk(state);
    return p;
  }

  private parseType3(state: ChunkStreamState, b: Uint8Array, p: number, end: number): number {
    if (!state.started) throw missingHeader(state.csid, 3);
    const continuing = state.buffer !== null;
    let field = state.delta;
    if (state.hasExtended && this.extMode !== 'never') {
      const always = !continuing || this.extMode === 'always';
      if (p + 4 <= end) {
        const value = readU32(b, p);
        if (always) {
          field = value;
          p += 4;
        } else if (value === state.extended) {
          p += 4;
          this.repeatsExtended = true;
        } else this.repeatsExtended ??= false;
      } else if (always || prefixMatchesU32(b, p, end, state.extended)) {
        return NEED_MORE;
      } else {
        // Fewer than 4 bytes here but already unlike the stored value: not repeated. Deciding
        // now keeps a short last chunk from waiting for the next message's bytes.
        this.repeatsExtended ??= false;
      }
    }
    if (!continuing) {
      state.timestamp = (state.timestamp + field) >>> 0;
      state.received = 0;
    }
    this.beginChunk(state);
    return p;
  }

  /** Sets up the payload read of the chunk whose header was just committed. */
  private beginChunk(state: ChunkStreamState): void {
    const left = state.length - state.received;
    if (left === 0) {
      // Zero-length message: complete at its header.
      this.emit(state, new Uint8Array(0));
      return;
    }
    this.current = state;
    this.chunkLeft = Math.min(left, this.inChunkSize);
  }

  private dropPartial(state: ChunkStreamState): void {
    if (state.buffer !== null) {
      this.buffered -= state.length;
      state.buffer = null;
    }
    state.received = 0;
    if (this.current === state) this.chunkLeft = 0;
  }

  private emit(state: ChunkStreamState, payload: Uint8Array): void {
    const typeId = state.typeId;
    state.received = 0;
    const message: DecodedMessage = {
      typeId,
      streamId: state.streamId,
      timestamp: state.timestamp,
      payload,
      chunkStreamId: state.csid,
    };
    if (this.sink !== null) this.sink(message);
    else (this.out as DecodedMessage[]).push(message);
    if (typeId === 1 || typeId === 2) this.applyControl(typeId, payload);
  }

  /** Set Chunk Size (5.4.1) and Abort (5.4.2) change the framing, so they act here. */
  private applyControl(typeId: number, payload: Uint8Array): void {
    if (payload.length < 4) {
      throw new RtmpError(
        ChunkErrorCode.InvalidControlMessage,
        `${typeId === 1 ? 'Set Chunk Size' : 'Abort'} body has ${payload.length} bytes, needs 4`,
        { details: { typeId, length: payload.length } },
      );
    }
    const value = readU32(payload, 0);
    if (typeId === 1) {
      this.setChunkSize(value);
      return;
    }
    const target = this.streams.find(value);
    if (target !== undefined) this.dropPartial(target);
  }
}
