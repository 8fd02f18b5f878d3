/**
 * @rtmp/transport-tcp — the Node.js transports of RTMP (protocol.md §7 intro): `rtmp://` over TCP,
 * `rtmps://` over TLS, optionally through SOCKS4/4a/5 proxies, with backpressure both ways,
 * connect and idle timeouts, AbortSignal support and typed `TRANSPORT_*` errors.
 */
export { connectTcp, connectTls } from './connect-tcp.js';
export { parseIPv4, parseIPv6 } from './ip-address.js';
export { SocketTransport } from './socket-transport.js';
export { SocksClientHandshake, type SocksRequest, type SocksStep } from './socks-handshake.js';
export {
  RTMP_DEFAULT_PORT,
  RTMPS_DEFAULT_PORT,
  SOCKS_DEFAULT_PORT,
  type SocksProxy,
  type TcpConnectOptions,
  type TlsConnectOptions,
} from './tcp-connect-options.js';
export {
  TcpTransportError,
  TcpTransportErrorCode,
  type TcpTransportErrorCodeValue,
} from './tcp-transport-error.js';
export { type ErrorContext, type TransportPhase, toTransportError } from './to-transport-error.js';
