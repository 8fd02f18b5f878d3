/**
 * The RTMP message as the chunk layer delivers and accepts it (RTMP spec 5.4 "Message Header"
 * and 6.1), and the message type ids of RTMP spec 5.4, 6.2 and 7.1.
 *
 * Shared by @rtmp/chunk (which frames messages), @rtmp/session, @rtmp/flv and @rtmp/server.
 */

/** One whole RTMP message. */
export interface RtmpMessage {
  /** Message type id (see {@link MessageType}). */
  typeId: number;
  /** Message stream id (0 for NetConnection and protocol control). */
  streamId: number;
  /** Absolute timestamp in milliseconds, unsigned 32-bit (wraps at 2^32). */
  timestamp: number;
  /**
   * The message body. On decode this may be a view into the decoder's buffer: it stays valid
   * until the caller gives the decoder the next input (see each decoder's docs), so copy it
   * (`payload.slice()`) to keep it longer.
   */
  payload: Uint8Array;
}

/** RTMP message type ids. */
export const MessageType = {
  SetChunkSize: 1,
  Abort: 2,
  Acknowledgement: 3,
  UserControl: 4,
  WindowAckSize: 5,
  SetPeerBandwidth: 6,
  /** Edge-origin ("virtual control"), unused in practice. */
  EdgeOrigin: 7,
  Audio: 8,
  Video: 9,
  DataAmf3: 15,
  SharedObjectAmf3: 16,
  CommandAmf3: 17,
  DataAmf0: 18,
  SharedObjectAmf0: 19,
  CommandAmf0: 20,
  Aggregate: 22,
} as const;

/** A value of {@link MessageType}. */
export type MessageTypeId = (typeof MessageType)[keyof typeof MessageType];
