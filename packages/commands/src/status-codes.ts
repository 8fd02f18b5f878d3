/**
 * NetConnection / NetStream / SharedObject status codes (RTMP spec 7.2.1–7.2.2 `onStatus`,
 * protocol.md §5.2 and §5.3 "Status codes the client must handle") as a typed union, with the
 * level each one is sent with and what a client does about it.
 */

/** `level` of an `onStatus` / `_error` information object. */
export type StatusLevel = 'status' | 'warning' | 'error';

/** What a client does on a status code (protocol.md §5.3 table). */
export type StatusOutcome =
  /** The request succeeded (connected, playing, publishing, seek done, …). */
  | 'success'
  /** The request failed; stop waiting for it. */
  | 'failure'
  /** The stream or connection ended normally. */
  | 'end'
  /** Informational; nothing to do. */
  | 'info';

/** Every well-known code with its usual level and outcome. */
export const STATUS_CODES = {
  'NetConnection.Call.BadVersion': ['error', 'failure'],
  'NetConnection.Call.Failed': ['error', 'failure'],
  'NetConnection.Call.Prohibited': ['error', 'failure'],
  'NetConnection.Connect.AppShutdown': ['error', 'end'],
  'NetConnection.Connect.Closed': ['status', 'end'],
  'NetConnection.Connect.Failed': ['error', 'failure'],
  'NetConnection.Connect.IdleTimeout': ['status', 'end'],
  'NetConnection.Connect.InvalidApp': ['error', 'failure'],
  'NetConnection.Connect.NetworkChange': ['status', 'info'],
  'NetConnection.Connect.ReconnectRequest': ['status', 'info'],
  'NetConnection.Connect.Rejected': ['error', 'failure'],
  'NetConnection.Connect.Success': ['status', 'success'],
  'NetStream.Buffer.Empty': ['status', 'info'],
  'NetStream.Buffer.Flush': ['status', 'info'],
  'NetStream.Buffer.Full': ['status', 'info'],
  'NetStream.Connect.Closed': ['status', 'end'],
  'NetStream.Connect.Failed': ['error', 'failure'],
  'NetStream.Connect.Rejected': ['error', 'failure'],
  'NetStream.Connect.Success': ['status', 'success'],
  'NetStream.Data.Start': ['status', 'info'],
  'NetStream.Failed': ['error', 'failure'],
  'NetStream.FileStructureInvalid': ['error', 'failure'],
  'NetStream.InvalidArg': ['error', 'failure'],
  'NetStream.NoSupportedTrackFound': ['error', 'failure'],
  'NetStream.Pause.Notify': ['status', 'success'],
  'NetStream.Play.Complete': ['status', 'end'],
  'NetStream.Play.Failed': ['error', 'failure'],
  'NetStream.Play.FileStructureInvalid': ['error', 'failure'],
  'NetStream.Play.InsufficientBW': ['warning', 'info'],
  'NetStream.Play.NoSupportedTrackFound': ['error', 'failure'],
  'NetStream.Play.PublishNotify': ['status', 'info'],
  'NetStream.Play.Reset': ['status', 'info'],
  'NetStream.Play.Start': ['status', 'success'],
  'NetStream.Play.Stop': ['status', 'end'],
  'NetStream.Play.StreamNotFound': ['error', 'failure'],
  'NetStream.Play.Switch': ['status', 'info'],
  'NetStream.Play.Transition': ['status', 'info'],
  'NetStream.Play.TransitionComplete': ['status', 'info'],
  'NetStream.Play.UnpublishNotify': ['status', 'end'],
  'NetStream.Publish.BadName': ['error', 'failure'],
  'NetStream.Publish.Denied': ['error', 'failure'],
  'NetStream.Publish.Idle': ['status', 'info'],
  'NetStream.Publish.Rejected': ['error', 'failure'],
  'NetStream.Publish.Start': ['status', 'success'],
  'NetStream.Record.AlreadyExists': ['status', 'info'],
  'NetStream.Record.Failed': ['error', 'failure'],
  'NetStream.Record.NoAccess': ['error', 'failure'],
  'NetStream.Record.Start': ['status', 'success'],
  'NetStream.Record.Stop': ['status', 'end'],
  'NetStream.Seek.Failed': ['error', 'failure'],
  'NetStream.Seek.InvalidTime': ['error', 'failure'],
  'NetStream.Seek.Notify': ['status', 'success'],
  'NetStream.Step.Notify': ['status', 'info'],
  'NetStream.Unpause.Notify': ['status', 'success'],
  'NetStream.Unpublish.Success': ['status', 'end'],
  'NetStream.Video.DimensionChange': ['status', 'info'],
  'SharedObject.BadPersistence': ['error', 'failure'],
  'SharedObject.Flush.Failed': ['error', 'failure'],
  'SharedObject.Flush.Success': ['status', 'success'],
  'SharedObject.UriMismatch': ['error', 'failure'],
} as const satisfies Record<string, readonly [StatusLevel, StatusOutcome]>;

/** A well-known status code. */
export type KnownStatusCode = keyof typeof STATUS_CODES;

/**
 * A status code as received: one of the known codes, or any other string (servers invent their
 * own, e.g. nginx-rtmp's `NetStream.Play.Stop` descriptions, Wowza's extras). The `string & {}`
 * keeps editor completion for the known ones.
 */
export type StatusCode = KnownStatusCode | (string & {});

/** The information object of `onStatus`, `_error` and most `_result`s (RTMP spec 7.2.1). */
export interface StatusInfo {
  level: StatusLevel | (string & {});
  code: StatusCode;
  description?: string;
  /** Every property as received, including `level`, `code`, `description` and server extras. */
  properties: Readonly<Record<string, unknown>>;
}

/** True when `code` is one of {@link STATUS_CODES}. Throws nothing. */
export function isKnownStatusCode(code: string): code is KnownStatusCode {
  return Object.hasOwn(STATUS_CODES, code);
}

/** The level a code is normally sent with, or undefined for unknown codes. Throws nothing. */
export function statusLevel(code: string): StatusLevel | undefined {
  return isKnownStatusCode(code) ? STATUS_CODES[code][0] : undefined;
}

/**
 * What a client should do on `code`. Unknown codes are classified by their level: `error` →
 * failure, anything else → info. Throws nothing.
 */
export function statusOutcome(code: string, level?: string): StatusOutcome {
  if (isKnownStatusCode(code)) return STATUS_CODES[code][1];
  return level === 'error' ? 'failure' : 'info';
}
