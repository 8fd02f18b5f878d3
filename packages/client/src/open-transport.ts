/**
 * The default TransportFactory: TCP for rtmp/rtmpe, TLS for rtmps, RTMPT over HTTP(S) for
 * rtmpt/rtmpte/rtmpts; a SOCKS proxy when the URL's `socks=` option names one.
 */
import type { Transport } from '@rtmp/core';
import type { TransportFactoryOptions } from './connect-options.js';
import type { RtmpConnectionParams } from './url/rtmp-connection-params.js';

/** Opens the transport the parameters ask for. @throws {RtmpError} TRANSPORT_* */
export async function openTransport(
  params: RtmpConnectionParams,
  options: TransportFactoryOptions,
): Promise<Transport> {
  throw new Error(`transport ${params.transport} not wired yet (${options.connectTimeout})`);
}
