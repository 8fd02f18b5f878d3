/**
 * The receive state of one chunk stream (RTMP spec 5.3.1.2: the header fields that type 1, 2
 * and 3 headers inherit, and the message being assembled). Internal to `ChunkDecoder`.
 */

/** Per chunk stream state (RTMP spec 5.3.1.2: the fields type 1/2/3 headers inherit). */
export class ChunkStreamState {
  /** True once a header has set length/type (type 3 and 2 headers need one). */
  started = false;
  timestamp = 0;
  /** Raw value of the last timestamp field (absolute for type 0, delta for 1/2): type 3 reapplies it. */
  delta = 0;
  length = 0;
  typeId = 0;
  streamId = 0;
  /** The last type 0/1/2 header carried an extended timestamp, whose value is `extended`. */
  hasExtended = false;
  extended = 0;
  /** Message in progress: its buffer (null when none) and bytes received so far. */
  buffer: Uint8Array | null = null;
  /** Reusable message buffer (payloadBuffers 'reuse'), viewed at the current message's length. */
  spare: Uint8Array | null = null;
  received = 0;
  constructor(readonly csid: number) {}
}
