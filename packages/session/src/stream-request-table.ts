/**
 * The client's table of play and publish requests (RTMP spec 7.2.2 NetStream commands;
 * protocol.md §5.4): opening one (the stream limit, its handle, createStream), finding one by
 * handle or by message stream id, and forgetting one once its NetStream is closed. Shared by
 * ClientSession and ClientDispatcher; the table itself is `ClientSession.requests`.
 */
import { encodeCreateStream } from '@rtmp/commands';
import type { ClientSession } from './client-session.js';
import type { PlayRequest, PublishRequest } from './client-session-options.js';
import { SessionErrorCode, sessionError } from './session-error.js';
import { endStreamRequest } from './stream-flows.js';
import type { StreamRequest } from './stream-request.js';

/** The requests of one session, by handle. */
type Requests = ReadonlyMap<number, StreamRequest>;

/**
 * Checks that one more request may be opened.
 * @throws {RtmpError} SESSION_TOO_MANY_STREAMS — `max` requests are open already.
 */
export function assertStreamCapacity(requests: Requests, max: number): void {
  const open = [...requests.values()].filter((r) => r.state !== 'closed').length;
  if (open >= max)
    throw sessionError(SessionErrorCode.TooManyStreams, `${open} streams open, the limit is ${max}`, {
      details: { limit: max },
    });
}

/**
 * Records a new request under `handle` and sends its createStream (the answer continues the flow).
 * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING — no transaction id left for createStream.
 */
export function openStreamRequest(
  session: ClientSession,
  handle: number,
  kind: 'play' | 'publish',
  play: PlayRequest | undefined,
  publish: PublishRequest | undefined,
): StreamRequest {
  const request: StreamRequest = {
    handle,
    kind,
    play,
    publish,
    streamId: undefined,
    state: 'creating',
    lastTimestamp: 0,
    recorded: false,
  };
  session.requests.set(handle, request);
  session.sendCommand(
    encodeCreateStream(
      session.transactions.allocate('createStream', { kind: 'createStream', handle }),
      session.encodeOptions,
    ),
  );
  return request;
}

/** Ends a request that is not closed yet (see `endStreamRequest`) and forgets it. */
export function closeStreamRequest(session: ClientSession, request: StreamRequest): void {
  if (request.state === 'closed') return;
  endStreamRequest(session, request);
  request.state = 'closed';
  session.requests.delete(request.handle);
}

/**
 * The request `handle` once createStream answered it (for pause and seek).
 * @throws {RtmpError} SESSION_UNKNOWN_HANDLE — no such request, or its stream is not created yet.
 */
export function startedRequest(requests: Requests, handle: number): StreamRequest {
  const request = requests.get(handle);
  if (!request || request.streamId === undefined)
    throw sessionError(SessionErrorCode.UnknownHandle, `no started request with handle ${handle}`);
  return request;
}

/**
 * The request `handle` if it is an active publish (for `encodeMedia` and `encodeMediaInto`).
 * @throws {RtmpError} SESSION_UNKNOWN_HANDLE — no such request.
 * @throws {RtmpError} SESSION_NOT_PUBLISHING — not a publish, or not started or already ended.
 */
export function publishingRequest(requests: Requests, handle: number): StreamRequest & { streamId: number } {
  const request = requests.get(handle);
  if (!request) throw sessionError(SessionErrorCode.UnknownHandle, `no request with handle ${handle}`);
  if (request.kind !== 'publish' || request.state !== 'active' || request.streamId === undefined) {
    throw sessionError(
      SessionErrorCode.NotPublishing,
      `request ${handle} is not publishing (state ${request.state})`,
    );
  }
  return request as StreamRequest & { streamId: number };
}

/** The request whose NetStream is `streamId` (none for stream 0, the NetConnection). */
export function requestForStream(requests: Requests, streamId: number): StreamRequest | undefined {
  if (streamId === 0) return undefined;
  for (const request of requests.values()) if (request.streamId === streamId) return request;
  return undefined;
}

/**
 * Servers that send a stream's onStatus on stream 0 (some send Play.UnpublishNotify there):
 * the request still starting, else the one open request, when there is exactly one.
 */
export function onlyPendingRequest(requests: Requests): StreamRequest | undefined {
  const open = [...requests.values()].filter(
    (r) => r.state !== 'closed' && r.state !== 'failed' && r.state !== 'ended',
  );
  const starting = open.filter((r) => r.state === 'starting');
  if (starting.length === 1) return starting[0];
  return open.length === 1 ? open[0] : undefined;
}
