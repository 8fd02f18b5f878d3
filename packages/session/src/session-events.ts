/**
 * The events a session reports (architecture: "events in the past tense"), with typed payloads.
 * Media payloads are FLV-tag-ready bodies: the exact bytes of an FLV tag's data.
 */
import type { Amf0Value } from '@rtmp/amf0';
import type { DecodedCommand, DecodedDataMessage, StatusInfo } from '@rtmp/commands';
import type { HandshakeMode, HandshakeType } from '@rtmp/handshake';
import type { AudioInfo, VideoInfo } from './media-info.js';

/** The handshake finished; later bytes are RTMP chunks (encrypted for RTMPE). */
export interface HandshakeCompletedEvent {
  type: 'handshake-completed';
  mode: HandshakeMode;
  handshakeType: HandshakeType;
}

/** Something non-fatal went wrong or was unusual (bad peer digest under `warn`, unknown message...). */
export interface WarningEvent {
  type: 'warning';
  code: string;
  message: string;
  details?: Readonly<Record<string, unknown>>;
}

/** The server accepted `connect`. */
export interface ConnectedEvent {
  type: 'connected';
  /** The `_result`'s properties object (fmsVer, capabilities, ...), null-prototype. */
  properties: Readonly<Record<string, Amf0Value>>;
  /** The `_result`'s information object (NetConnection.Connect.Success, objectEncoding, ...). */
  status: StatusInfo | undefined;
}

/** The server refused `connect` (`_error`). */
export interface ConnectRejectedEvent {
  type: 'connect-rejected';
  status: StatusInfo | undefined;
  /** The raw information value, for servers that send something other than a status object. */
  info: Amf0Value;
}

/** `createStream` answered: the NetStream id for a play or publish request. */
export interface StreamCreatedEvent {
  type: 'stream-created';
  handle: number;
  streamId: number;
}

/** An `onStatus` (or `onPlayStatus`, or a stream-command `_error`) arrived. */
export interface StatusEvent {
  type: 'status';
  streamId: number;
  /** The play/publish request it belongs to, when known. */
  handle: number | undefined;
  status: StatusInfo;
  /** The message it came in: `onStatus`, `onPlayStatus`, `_error`, `onFCPublish`, ... */
  source: string;
}

/** NetStream.Play.Start (or Play.PublishNotify) for a play request. */
export interface PlayStartedEvent {
  type: 'play-started';
  handle: number;
  streamId: number;
  status: StatusInfo;
}

/** NetStream.Publish.Start for a publish request: media may be sent now. */
export interface PublishStartedEvent {
  type: 'publish-started';
  handle: number;
  streamId: number;
  status: StatusInfo;
}

/** A play or publish request failed (StreamNotFound, BadName, Failed, `_error` on createStream...). */
export interface RequestFailedEvent {
  type: 'request-failed';
  handle: number;
  streamId: number | undefined;
  status: StatusInfo;
}

/** The stream ended: Play.Stop / Play.Complete / Play.UnpublishNotify (or Unpublish.Success). */
export interface StreamEndedEvent {
  type: 'stream-ended';
  handle: number | undefined;
  streamId: number;
  status: StatusInfo;
}

/** A user control event about a stream (StreamBegin, StreamEOF, StreamDry, ...). */
export interface StreamControlEvent {
  type: 'stream-control';
  event:
    | 'stream-begin'
    | 'stream-eof'
    | 'stream-dry'
    | 'stream-is-recorded'
    | 'buffer-empty'
    | 'buffer-ready';
  streamId: number;
}

/** Shared fields of media and data events. */
interface MediaEventBase {
  streamId: number;
  /** Absolute timestamp in ms (unsigned 32-bit, wraps at 2^32). */
  timestamp: number;
  /** The message body: an FLV tag's data, byte for byte (a view; copy it to keep it past the next receive). */
  payload: Uint8Array;
  /** True when the message came out of an aggregate (type 22) message. */
  fromAggregate: boolean;
}

/** An audio message. */
export interface AudioEvent extends MediaEventBase {
  type: 'audio';
  info: AudioInfo;
}

/** A video message. */
export interface VideoEvent extends MediaEventBase {
  type: 'video';
  info: VideoInfo;
}

/** onMetaData (also when it arrived as `@setDataFrame`); `payload` is the body as an FLV script tag wants it. */
export interface MetadataEvent extends MediaEventBase {
  type: 'metadata';
  metadata: Readonly<Record<string, Amf0Value>>;
}

/** Any other data message (`|RtmpSampleAccess`, onPlayStatus, onTextData, onCuePoint, ...). */
export interface DataEvent extends MediaEventBase {
  type: 'data';
  message: DecodedDataMessage;
}

/** Flow-control figures the peer announced. */
export interface BandwidthEvent {
  type: 'bandwidth';
  kind: 'window-ack-size' | 'peer-bandwidth' | 'bw-done';
  value: number;
  limitType?: number;
}

/** The chunk size changed in one direction. */
export interface ChunkSizeChangedEvent {
  type: 'chunk-size-changed';
  direction: 'in' | 'out';
  size: number;
}

/** The peer acknowledged bytes (type 3). */
export interface AcknowledgedEvent {
  type: 'acknowledged';
  sequenceNumber: number;
}

/** The peer pinged (answered automatically). */
export interface PingedEvent {
  type: 'pinged';
  timestamp: number;
}

/** An answer to a call made with `call()`. */
export interface CallAnsweredEvent {
  type: 'call-answered';
  transactionId: number;
  name: string;
  ok: boolean;
  info: Amf0Value;
  args: Amf0Value[];
}

/** A command the session does not handle itself (server-side calls, unknown notifications). */
export interface CommandReceivedEvent {
  type: 'command-received';
  streamId: number;
  command: DecodedCommand;
}

/** The connection is over: the server sent `close`, or `close()` was called. */
export interface ClosedEvent {
  type: 'closed';
  reason: 'server-close' | 'local-close';
}

/** Every event a ClientSession reports. */
export type SessionEvent =
  | HandshakeCompletedEvent
  | WarningEvent
  | ConnectedEvent
  | ConnectRejectedEvent
  | StreamCreatedEvent
  | StatusEvent
  | PlayStartedEvent
  | PublishStartedEvent
  | RequestFailedEvent
  | StreamEndedEvent
  | StreamControlEvent
  | AudioEvent
  | VideoEvent
  | MetadataEvent
  | DataEvent
  | BandwidthEvent
  | ChunkSizeChangedEvent
  | AcknowledgedEvent
  | PingedEvent
  | CallAnsweredEvent
  | CommandReceivedEvent
  | ClosedEvent;
