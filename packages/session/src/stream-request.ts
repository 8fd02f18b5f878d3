/**
 * The client's bookkeeping for one play or publish request: from createStream to the end of
 * the NetStream (RTMP spec 7.2.2; protocol.md §5.4 flows).
 */
import type { PlayRequest, PublishRequest } from './client-session-options.js';
import type { SessionOutput } from './session-output.js';

/** Where a request is in its flow. */
export type StreamRequestState = 'creating' | 'starting' | 'active' | 'ended' | 'failed' | 'closed';

/** One play or publish request. */
export interface StreamRequest {
  readonly handle: number;
  readonly kind: 'play' | 'publish';
  readonly play: PlayRequest | undefined;
  readonly publish: PublishRequest | undefined;
  streamId: number | undefined;
  state: StreamRequestState;
  /** Timestamp of the last media message seen (play) or sent (publish), for pause/BUFX. */
  lastTimestamp: number;
  /** True once StreamIsRecorded was seen (VOD): the BufferEmpty trick applies only then. */
  recorded: boolean;
}

/** The result of starting a play or publish request. */
export interface StreamRequestStarted {
  /** Identifies the request in later events (`handle`) and calls. */
  handle: number;
  outputs: SessionOutput[];
}

/** The name a request plays or publishes. */
export function requestName(request: StreamRequest): string {
  return (request.play?.name ?? request.publish?.name) as string;
}
