/**
 * Turns audio, video and data messages into events (RTMP spec 7.1.2–7.1.5; protocol.md §3.1
 * and §5.4 on `@setDataFrame`): used by both session roles — a client receives them from a
 * server it plays from, a server from a client that publishes.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { type DecodeOptions, decodeDataMessage } from '@rtmp/commands';
import { MessageType, type RtmpMessage } from '@rtmp/core';
import { classifyAudio, classifyVideo } from './media-info.js';
import type { AudioEvent, DataEvent, MetadataEvent, VideoEvent, WarningEvent } from './session-events.js';

/** 0x02 marker, u16 length 13, "@setDataFrame": what a publisher puts before onMetaData. */
const SET_DATA_FRAME_PREFIX = 16;

/** The event for an audio (8) or video (9) message. */
export function mediaEvent(message: RtmpMessage, fromAggregate: boolean): AudioEvent | VideoEvent {
  const base = {
    streamId: message.streamId,
    timestamp: message.timestamp,
    payload: message.payload,
    fromAggregate,
  };
  return message.typeId === MessageType.Audio
    ? { type: 'audio', ...base, info: classifyAudio(message.payload) }
    : { type: 'video', ...base, info: classifyVideo(message.payload) };
}

/**
 * The event for a data message (18/15): `metadata` for onMetaData (with `@setDataFrame`
 * stripped from the payload, so it is what an FLV script tag holds), `data` for the rest, and a
 * `warning` for a message whose AMF does not decode — a broken data message must not end a stream.
 */
export function dataEvent(
  message: RtmpMessage,
  fromAggregate: boolean,
  options: DecodeOptions | undefined,
): MetadataEvent | DataEvent | WarningEvent {
  let decoded: ReturnType<typeof decodeDataMessage>;
  try {
    decoded = decodeDataMessage(message, options);
  } catch (error) {
    return {
      type: 'warning',
      code: 'SESSION_BAD_DATA_MESSAGE',
      message: `ignored a malformed data message: ${(error as Error).message}`,
      details: { streamId: message.streamId },
    };
  }
  const base = { streamId: message.streamId, timestamp: message.timestamp, fromAggregate };
  if (decoded.kind === 'onMetaData')
    return { type: 'metadata', ...base, payload: message.payload, metadata: decoded.metadata };
  if (
    decoded.kind === 'setDataFrame' &&
    decoded.handler === 'onMetaData' &&
    decoded.data !== null &&
    typeof decoded.data === 'object'
  ) {
    const offset = (message.typeId === MessageType.DataAmf3 ? 1 : 0) + SET_DATA_FRAME_PREFIX;
    return {
      type: 'metadata',
      ...base,
      payload: message.payload.subarray(offset),
      metadata: decoded.data as Record<string, Amf0Value>,
    };
  }
  return { type: 'data', ...base, payload: message.payload, message: decoded };
}
