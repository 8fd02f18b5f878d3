/**
 * The NetStream halves of librtmp's and FFmpeg's flows (protocol.md §5.4): what follows
 * createStream's answer for a play (SetBufferLength, play, SetBufferLength) or a publish
 * (publish), and what ends a stream (FCUnpublish, closeStream, deleteStream).
 */
import { ecmaArray } from '@rtmp/amf0';
import {
  encodeCall,
  encodeCloseStream,
  encodeDeleteStream,
  encodeFCUnpublish,
  encodePlay,
  encodePublish,
} from '@rtmp/commands';
import type { ClientSession } from './client-session.js';
import { requestName, type StreamRequest } from './stream-request.js';

/** Buffer length announced when the request gives none: rtmpdump's 10 hours (fast VOD download). */
const DEFAULT_BUFFER_MS = 36_000_000;

/** createStream answered with `streamId`: sends the rest of the request's flow. */
export function continueStreamRequest(
  session: ClientSession,
  request: StreamRequest,
  streamId: number,
): void {
  request.streamId = streamId;
  request.state = 'starting';
  session.emit({ type: 'stream-created', handle: request.handle, streamId });
  if (request.kind === 'play' && request.play) {
    const play = request.play;
    // SetBufferLength before play as well as after it (librtmp): a server that starts sending at
    // once (nginx-rtmp vod) would otherwise pace the first frames by its default buffer.
    const bufferLength = play.bufferMs ?? DEFAULT_BUFFER_MS;
    session.emitBytes(session.layer.sendUserControl({ type: 'setBufferLength', streamId, bufferLength }));
    if (play.playlist) {
      // librtmp SendPlaylist: set_playlist(0, null, ECMA array {"0": name}) on the stream.
      session.sendStreamCommand(
        request,
        encodeCall('set_playlist', 0, [ecmaArray({ '0': play.name })], null, session.encodeOptions),
      );
    }
    const transactionId = session.transactions.allocate('play', { kind: 'stream', handle: request.handle });
    const args = {
      streamName: play.name,
      start: play.start ?? -2000,
      ...(play.duration !== undefined && play.duration >= 0 ? { duration: play.duration } : {}),
      ...(play.reset ? { duration: play.duration ?? -1, reset: true } : {}),
    };
    session.sendStreamCommand(request, encodePlay(transactionId, args, session.encodeOptions));
    session.emitBytes(session.layer.sendUserControl({ type: 'setBufferLength', streamId, bufferLength }));
  } else if (request.publish) {
    const transactionId = session.transactions.allocate('publish', {
      kind: 'stream',
      handle: request.handle,
    });
    session.sendStreamCommand(
      request,
      encodePublish(
        transactionId,
        request.publish.name,
        request.publish.type ?? 'live',
        session.encodeOptions,
      ),
    );
  }
}

/** Ends a request: FCUnpublish + closeStream + deleteStream (publish) or deleteStream (play). */
export function endStreamRequest(session: ClientSession, request: StreamRequest): void {
  if (request.kind === 'publish') {
    session.sendCommand(
      encodeFCUnpublish(
        session.transactions.allocate('FCUnpublish', { kind: 'ignore' }),
        requestName(request),
        session.encodeOptions,
      ),
    );
    if (request.streamId !== undefined)
      session.sendStreamCommand(request, encodeCloseStream(0, session.encodeOptions));
  }
  if (request.streamId !== undefined) {
    session.sendCommand(
      encodeDeleteStream(
        session.transactions.allocate('deleteStream', { kind: 'ignore' }),
        request.streamId,
        session.encodeOptions,
      ),
    );
  }
}
