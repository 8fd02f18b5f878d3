/**
 * How NetStream statuses move the client's play and publish requests along (RTMP spec 7.2.2
 * onStatus; protocol.md §5.4; librtmp `HandleInvoke`): onStatus, onPlayStatus and the onFC*
 * notifications start a request (Play.Start, Publish.Start), fail it or end it. Split from
 * ClientDispatcher.
 */
import { type StatusInfo, statusOutcome } from '@rtmp/commands';
import type { ClientSession } from './client-session.js';
import type { StreamRequest } from './stream-request.js';
import { onlyPendingRequest, requestForStream } from './stream-request-table.js';

/**
 * A status arrived on `streamId` (from `source`: onStatus, onPlayStatus, onFCPublish...):
 * reports it, then starts, fails or ends the request it belongs to.
 */
export function applyStreamStatus(
  session: ClientSession,
  status: StatusInfo,
  streamId: number,
  source: string,
): void {
  const request = requestForStream(session.requests, streamId) ?? onlyPendingRequest(session.requests);
  session.emit({ type: 'status', streamId, handle: request?.handle, status, source });
  if (!request || request.streamId === undefined) return;
  const code = status.code;
  const outcome = statusOutcome(code, status.level);
  if (
    request.kind === 'play' &&
    (code === 'NetStream.Play.Start' || code === 'NetStream.Play.PublishNotify')
  ) {
    if (request.state === 'starting') {
      request.state = 'active';
      session.transactions.takeByName('play');
      session.emit({
        type: 'play-started',
        handle: request.handle,
        streamId: request.streamId,
        status,
      });
    }
  } else if (request.kind === 'publish' && code === 'NetStream.Publish.Start') {
    if (request.state === 'starting') {
      request.state = 'active';
      session.transactions.takeByName('publish');
      session.emit({
        type: 'publish-started',
        handle: request.handle,
        streamId: request.streamId,
        status,
      });
    }
  } else if (outcome === 'failure' && (request.state === 'starting' || request.state === 'creating')) {
    failRequest(session, request, status);
  } else if (outcome === 'end' && request.state === 'active') {
    request.state = 'ended';
    session.emit({ type: 'stream-ended', handle: request.handle, streamId: request.streamId, status });
  } else if (outcome === 'failure' && request.state === 'active') {
    request.state = 'failed';
    session.emit({
      type: 'request-failed',
      handle: request.handle,
      streamId: request.streamId,
      status,
    });
  }
}

/** Marks a request failed (once) and reports `request-failed`. */
export function failRequest(session: ClientSession, request: StreamRequest, status: StatusInfo): void {
  if (request.state === 'failed') return;
  request.state = 'failed';
  session.emit({ type: 'request-failed', handle: request.handle, streamId: request.streamId, status });
}

/** The status reported when a refusal carries none: NetStream.Failed with `description`. */
export function errorStatus(description: string): StatusInfo {
  return {
    level: 'error',
    code: 'NetStream.Failed',
    description,
    properties: { level: 'error', code: 'NetStream.Failed', description },
  };
}
