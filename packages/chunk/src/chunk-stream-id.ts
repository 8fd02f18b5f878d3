/**
 * Chunk stream id conventions and basic-header forms (RTMP spec 5.3.1.1 "Chunk Basic Header";
 * the csid allocation of librtmp and FFmpeg, protocol.md 2.3).
 *
 * The decoder never assumes this mapping (servers put media on any csid); the constants are what
 * our own sender uses, matching librtmp where the two reference clients agree.
 */

/** Chunk stream ids used by convention (librtmp / FFmpeg). */
export const ChunkStreamId = {
  /** Protocol control (types 1, 2, 3, 5, 6) and user control (type 4) messages. Reserved by the spec. */
  ProtocolControl: 2,
  /** NetConnection commands: connect, createStream, releaseStream, FCPublish, deleteStream, ... */
  Command: 3,
  /** Published media and data (librtmp `RTMP_Write` puts audio, video and metadata here); also `publish`. */
  Media: 4,
  /** Audio when sending audio and video on separate chunk streams. */
  Audio: 4,
  /** Video when sending audio and video on separate chunk streams (FFmpeg uses 6). */
  Video: 6,
  /** Stream-scoped commands: play, pause, seek (librtmp; FFmpeg's "source" channel). */
  StreamCommand: 8,
} as const;

/** Smallest chunk stream id a message can use (0 and 1 are basic-header escape codes). */
export const MIN_CHUNK_STREAM_ID = 2;
/** Largest chunk stream id (the 3-byte basic header form: 65535 + 64). */
export const MAX_CHUNK_STREAM_ID = 65599;

/** Length in bytes (1, 2 or 3) of the shortest basic header that carries `csid`. */
export function basicHeaderLength(csid: number): 1 | 2 | 3 {
  if (csid < 64) return 1;
  if (csid < 320) return 2;
  return 3;
}
