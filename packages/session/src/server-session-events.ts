/**
 * Events of a ServerSession: what a client asked for (connect, createStream, play, publish,
 * pause, seek, close) and what a publishing client sent (media and data events shared with the
 * client role).
 */
import type { Amf0Value } from '@rtmp/amf0';
import type { ConnectParams, DecodedCommand } from '@rtmp/commands';
import type {
  AcknowledgedEvent,
  AudioEvent,
  BandwidthEvent,
  ChunkSizeChangedEvent,
  DataEvent,
  HandshakeCompletedEvent,
  MetadataEvent,
  VideoEvent,
  WarningEvent,
} from './session-events.js';

/** The client sent `connect`: answer with `acceptConnect()` or `rejectConnect()`. */
export interface ConnectRequestedEvent {
  type: 'connect-requested';
  params: ConnectParams;
  /** Arguments after the command object (librtmp auth pair, `conn=` items). */
  args: Amf0Value[];
}

/** The client created a NetStream (answered automatically). */
export interface ServerStreamCreatedEvent {
  type: 'stream-created';
  streamId: number;
}

/** The client wants to play: answer with `acceptPlay()` or `rejectPlay()`. */
export interface PlayRequestedEvent {
  type: 'play-requested';
  streamId: number;
  name: string;
  /** −2000/−1000/≥0 as sent (undefined when omitted). */
  start: number | undefined;
  duration: number | undefined;
  reset: boolean | undefined;
}

/** The client wants to publish: answer with `acceptPublish()` or `rejectPublish()`. */
export interface PublishRequestedEvent {
  type: 'publish-requested';
  streamId: number;
  name: string;
  publishType: string;
}

/** pause / unpause. */
export interface PauseRequestedEvent {
  type: 'pause-requested';
  streamId: number;
  paused: boolean;
  position: number;
}

/** seek. */
export interface SeekRequestedEvent {
  type: 'seek-requested';
  streamId: number;
  position: number;
}

/** SetBufferLength from the client. */
export interface BufferLengthSetEvent {
  type: 'buffer-length-set';
  streamId: number;
  bufferLength: number;
}

/** closeStream, deleteStream or FCUnpublish ended a NetStream. */
export interface StreamClosedEvent {
  type: 'stream-closed';
  streamId: number;
  reason: 'closeStream' | 'deleteStream' | 'FCUnpublish';
}

/** A command the server session does not answer itself (answer with `respond()`). */
export interface ServerCommandEvent {
  type: 'command-received';
  streamId: number;
  command: DecodedCommand;
}

/** The client's PingResponse (to our `ping()`). */
export interface PongedEvent {
  type: 'ponged';
  timestamp: number;
}

/** Every event a ServerSession reports. */
export type ServerSessionEvent =
  | HandshakeCompletedEvent
  | WarningEvent
  | ConnectRequestedEvent
  | ServerStreamCreatedEvent
  | PlayRequestedEvent
  | PublishRequestedEvent
  | PauseRequestedEvent
  | SeekRequestedEvent
  | BufferLengthSetEvent
  | StreamClosedEvent
  | ServerCommandEvent
  | PongedEvent
  | AudioEvent
  | VideoEvent
  | MetadataEvent
  | DataEvent
  | BandwidthEvent
  | ChunkSizeChangedEvent
  | AcknowledgedEvent;
