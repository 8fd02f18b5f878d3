/**
 * The per-NetStream writers a connection hands to a VOD playback and to a live stream: media
 * through the session's chunk encoder, and the user control events and status messages each
 * step sends (RTMP spec 7.1.7 user control, 7.2.2 NetStream status; nginx-rtmp's order).
 */
import type { Socket } from 'node:net';
import { encodeAmf0 } from '@rtmp/amf0';
import type { StatusInfoInput } from '@rtmp/commands';
import { MessageType } from '@rtmp/core';
import type { ServerSession } from '@rtmp/session';
import type { LiveSubscriber } from './live-stream.js';
import { ServerWarningCode } from './server-error.js';
import type { VodSink } from './vod-playback.js';

/** What the sinks need from their connection. */
export interface StreamIo {
  readonly session: ServerSession;
  readonly socket: Socket;
  /** True once the connection is closed (sinks then write nothing). */
  readonly isClosed: boolean;
  write(bytes: Uint8Array): boolean;
  status(streamId: number, info: StatusInfoInput): void;
  waitDrain(): Promise<void>;
  warn(code: string, message: string, cause?: unknown): void;
}

/**
 * The end-of-file `onPlayStatus` data message, byte for byte what nginx-rtmp 1.2.2 sends
 * (`{code, level, duration: 0, bytes: 0}`, in that order; captured from a real nginx).
 */
export const PLAY_COMPLETE: Uint8Array = encodeAmf0([
  'onPlayStatus',
  { code: 'NetStream.Play.Complete', level: 'status', duration: 0, bytes: 0 },
]);

/** NetStream.Pause.Notify / NetStream.Unpause.Notify (nginx-rtmp's descriptions). */
export function pauseStatus(paused: boolean): StatusInfoInput {
  return paused
    ? { level: 'status', code: 'NetStream.Pause.Notify', description: 'Paused video on demand' }
    : { level: 'status', code: 'NetStream.Unpause.Notify', description: 'Unpaused video on demand' };
}

/** The sink of a VOD playback on `streamId`. */
export function createVodSink(io: StreamIo, streamId: number): VodSink {
  const control = (type: 'streamEof' | 'streamBegin') =>
    io.write(io.session.layer.sendUserControl({ type, streamId }));
  return {
    send: (typeId, timestamp, payload) =>
      io.write(io.session.encodeMedia(streamId, typeId, timestamp, payload)),
    drain: () => io.waitDrain(),
    cork: () => io.socket.cork(),
    uncork: () => io.socket.uncork(),
    seeked: () => {
      control('streamEof');
      io.status(streamId, { level: 'status', code: 'NetStream.Seek.Notify', description: 'Seeking' });
      control('streamBegin');
    },
    paused: (paused) => io.status(streamId, pauseStatus(paused)),
    ended: () => {
      if (io.isClosed) return;
      control('streamEof');
      io.write(io.session.encodeMedia(streamId, MessageType.DataAmf0, 0, PLAY_COMPLETE));
      io.status(streamId, { level: 'status', code: 'NetStream.Play.Stop', description: 'Stopped' });
    },
    failed: (error) => {
      io.warn(ServerWarningCode.VodReadFailed, `VOD play stopped: ${(error as Error).message}`, error);
      if (io.isClosed) return;
      io.status(streamId, { level: 'error', code: 'NetStream.Play.Failed', description: 'Read error.' });
    },
  };
}

/** The subscriber of a live player on `streamId`. */
export function createLiveSubscriber(io: StreamIo, streamId: number, name: string): LiveSubscriber {
  const control = (type: 'streamEof' | 'streamBegin') =>
    io.write(io.session.layer.sendUserControl({ type, streamId }));
  return {
    send: (typeId, timestamp, payload) => {
      if (!io.isClosed) io.write(io.session.encodeMedia(streamId, typeId, timestamp, payload));
    },
    backlog: () => io.socket.writableLength,
    published: () => {
      if (io.isClosed) return;
      control('streamBegin');
      io.status(streamId, {
        level: 'status',
        code: 'NetStream.Play.PublishNotify',
        description: `${name} is now published.`,
      });
    },
    unpublished: () => {
      if (io.isClosed) return;
      control('streamEof');
      io.status(streamId, {
        level: 'status',
        code: 'NetStream.Play.UnpublishNotify',
        description: `${name} is now unpublished.`,
      });
    },
    dropped: (frames) =>
      io.warn(
        ServerWarningCode.FramesDropped,
        `live player too slow: dropping frames until the next keyframe (${frames})`,
      ),
  };
}
