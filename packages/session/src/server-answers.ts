/**
 * The answers ServerSession encodes for a client's NetConnection calls (RTMP spec 7.2.1.1
 * connect, 7.2.1.3 createStream; nginx-rtmp's and FMS's wording): connect's `_result` with the
 * server's properties, and the `_error` of a refused call.
 */
import type { Amf0Value } from '@rtmp/amf0';
import { encodeError, encodeResult } from '@rtmp/commands';

/**
 * `_result` of connect: the server's `properties` (default fmsVer FMS/3,5,7,7009, capabilities
 * 31, mode 1) and NetConnection.Connect.Success with `description` and `objectEncoding`.
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 * @throws {RtmpError} AMF0_UNENCODABLE / AMF0_DEPTH_EXCEEDED — a property AMF0 cannot hold
 */
export function encodeConnectSuccess(
  transactionId: number,
  properties: Readonly<Record<string, Amf0Value>> | undefined,
  description: string,
  objectEncoding: number,
): Uint8Array {
  const answered = properties ?? { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1 };
  return encodeResult(transactionId, answered as Amf0Value, {
    level: 'status',
    code: 'NetConnection.Connect.Success',
    description,
    extra: { objectEncoding },
  });
}

/**
 * `_error` with NetConnection.Call.Failed and `description` (e.g. a createStream past the limit).
 * @throws {RtmpError} COMMANDS_INVALID_VALUE — bad transaction id
 */
export function encodeCallFailed(transactionId: number, description: string): Uint8Array {
  return encodeError(transactionId, null, { level: 'error', code: 'NetConnection.Call.Failed', description });
}
