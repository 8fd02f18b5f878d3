/**
 * The default TransportFactory: TCP for rtmp/rtmpe, TLS for rtmps, RTMPT over HTTP(S) for
 * rtmpt/rtmpte/rtmpts (librtmp `RTMP_Connect0` and `HTTP_Post`); a SOCKS4 proxy when the URL's
 * `socks=` option names one (librtmp `SocksNegotiate`).
 */
import type { Transport } from '@rtmp/core';
import { connectHttpTransport } from '@rtmp/transport-http';
import { connectTcp, connectTls, type TcpConnectOptions } from '@rtmp/transport-tcp';
import type { TransportFactoryOptions } from './connect-options.js';
import type { RtmpConnectionParams } from './url/rtmp-connection-params.js';

/**
 * Opens the transport the parameters ask for.
 * @throws {RtmpError} TRANSPORT_* (TCP/TLS/SOCKS) or TRANSPORT_HTTP_* (RTMPT) — the network failed.
 */
export async function openTransport(
  params: RtmpConnectionParams,
  options: TransportFactoryOptions,
): Promise<Transport> {
  const target = { host: params.host, port: params.port };
  const common: TcpConnectOptions = {
    connectTimeout: options.connectTimeout,
    // The connection enforces its own idle deadline; the socket's would race it.
    idleTimeout: 0,
    signal: options.signal,
    ...(params.socks
      ? { proxy: { host: params.socks.host, port: params.socks.port, version: 4 as const } }
      : {}),
  };
  switch (params.transport) {
    case 'tcp':
      return connectTcp(target, common);
    case 'tls':
      return connectTls(target, {
        ...common,
        ...(options.tls.ca !== undefined ? { ca: options.tls.ca } : {}),
        ...(options.tls.rejectUnauthorized !== undefined
          ? { rejectUnauthorized: options.tls.rejectUnauthorized }
          : {}),
        ...(options.tls.servername !== undefined ? { servername: options.tls.servername } : {}),
      });
    case 'http':
    case 'https':
      return connectHttpTransport(
        {
          host: params.host,
          port: params.port,
          secure: params.transport === 'https',
          encrypted: params.encrypted,
        },
        { connectTimeoutMs: options.connectTimeout, signal: options.signal },
      );
  }
}
