/**
 * connectTcp / connectTls: open an RTMP byte pipe — TCP (`rtmp://`, `rtmpe://`), TLS (`rtmps://`),
 * optionally through a SOCKS4/4a/5 proxy with TLS inside the tunnel (protocol.md §7 intro;
 * librtmp `RTMP_Connect0`, `SocksNegotiate`, `RTMP_TLS` setup). One deadline covers DNS + TCP +
 * SOCKS + TLS; the caller's AbortSignal cancels the connect and later the transport.
 */
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction, type NetConnectOpts, connect as netConnect, type Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { TransportTarget } from '@rtmp/core';
import { ConnectDeadline } from './connect-deadline.js';
import { ReadBufferPool } from './read-buffer-pool.js';
import { SocketTransport } from './socket-transport.js';
import { SocksClientHandshake } from './socks-handshake.js';
import {
  resolveTcpOptions,
  type SocksProxy,
  type TcpConnectOptions,
  type TlsConnectOptions,
} from './tcp-connect-options.js';
import { TcpTransportError, TcpTransportErrorCode } from './tcp-transport-error.js';
import { type ErrorContext, type TransportPhase, toTransportError } from './to-transport-error.js';

/**
 * Opens a TCP connection to `target` (through `options.proxy` when given) with TCP_NODELAY.
 *
 * @throws {TcpTransportError} TRANSPORT_INVALID_ARGUMENT — bad host/port/option;
 * TRANSPORT_DNS_FAILED — the name (or the proxy's) does not resolve; TRANSPORT_CONNECTION_REFUSED;
 * TRANSPORT_CONNECT_TIMEOUT — `connectTimeout` passed (`details.phase`); TRANSPORT_SOCKS_FAILED —
 * the proxy refused (`details.replyCode`) or closed; TRANSPORT_ABORTED — `signal` fired;
 * TRANSPORT_CONNECTION_RESET / TRANSPORT_NETWORK_ERROR — other socket failures.
 */
export function connectTcp(
  target: TransportTarget,
  options: TcpConnectOptions = {},
): Promise<SocketTransport> {
  return open(target, options, undefined);
}

/**
 * Opens a TLS connection (`rtmps://`) to `target`, verifying the certificate against Node's root
 * store (or `options.ca`) and the host name (or `options.servername`), with SNI for host names.
 * Through `options.proxy`, TLS runs inside the SOCKS tunnel (end to end with the target).
 *
 * @throws {TcpTransportError} everything {@link connectTcp} throws, and TRANSPORT_TLS_FAILED —
 * handshake or verification failed (`details.reason`: `SELF_SIGNED_CERT_IN_CHAIN`,
 * `UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `ERR_TLS_CERT_ALTNAME_INVALID`, ...).
 */
export function connectTls(
  target: TransportTarget,
  options: TlsConnectOptions = {},
): Promise<SocketTransport> {
  return open(target, options, options);
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new TcpTransportError(TcpTransportErrorCode.InvalidArgument, message, { details });
}

function checkEndpoint(what: string, host: unknown, port: unknown): void {
  if (typeof host !== 'string' || host.length === 0)
    invalid(`${what} host must be a non-empty string`, { host });
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
    invalid(`${what} port must be an integer 1-65535, got ${String(port)}`, { port });
}

/** `[::1]` → `::1`: URL layers sometimes keep the brackets. */
function bare(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

async function open(
  rawTarget: TransportTarget,
  options: TcpConnectOptions,
  tls: TlsConnectOptions | undefined,
): Promise<SocketTransport> {
  checkEndpoint('target', rawTarget?.host, rawTarget?.port);
  const target = { host: bare(rawTarget.host), port: rawTarget.port };
  const proxy = options.proxy ? { ...options.proxy, host: bare(options.proxy.host) } : undefined;
  if (proxy) checkEndpoint('SOCKS proxy', proxy.host, proxy.port);
  const settings = resolveTcpOptions(options);
  const where = `${target.host}:${target.port}`;
  const deadline = new ConnectDeadline(settings.connectTimeout, options.signal, where);
  const proxyName = proxy ? `${proxy.host}:${proxy.port}` : undefined;
  const context = (phase: TransportPhase): ErrorContext => ({ ...target, phase, proxy: proxyName });
  let socket: Socket | undefined;
  try {
    // SOCKS4 carries an IPv4 address: resolve the target first, as librtmp does, so no socket is
    // open while we wait for DNS.
    const socksHost = proxy
      ? await socksTargetHost(target.host, proxy, options, deadline, context)
      : target.host;
    const hop = proxy ?? target;
    deadline.phase = isIP(hop.host) ? 'tcp' : 'dns';
    // Plain TCP reads through `onread` into our own memory (see ReadBufferPool); TLS and SOCKS
    // need the socket's stream reads (the TLS layer and the SOCKS reply parser consume them).
    const readPool = tls || proxy ? undefined : new ReadBufferPool(settings.readHighWaterMark);
    const netOptions: NetConnectOpts & { writableHighWaterMark: number } = {
      host: hop.host,
      port: hop.port,
      noDelay: true,
      // The transport closes its side itself after a clean EOF (see SocketTransport's EOF probe).
      allowHalfOpen: true,
      writableHighWaterMark: settings.writeHighWaterMark,
      ...(options.family ? { family: options.family } : {}),
      ...(options.lookup ? { lookup: options.lookup } : {}),
      ...(options.keepAlive ? { keepAlive: true, keepAliveInitialDelay: options.keepAlive } : {}),
      ...(readPool ? { onread: { buffer: readPool.nextBuffer, callback: readPool.onRead } } : {}),
    };
    socket = netConnect(netOptions);
    const raw = socket;
    raw.once('lookup', () => {
      deadline.phase = 'tcp';
    });
    await deadline.race(waitFor(raw, 'connect', context('tcp')));
    raw.setNoDelay(true);
    let initial: Uint8Array | null = null;
    if (proxy) {
      deadline.phase = 'socks';
      initial = await deadline.race(socksNegotiate(raw, socksHost, target.port, proxy, context('socks')));
    }
    if (tls) {
      if (initial)
        throw new TcpTransportError(
          TcpTransportErrorCode.SocksFailed,
          'the SOCKS proxy sent bytes before TLS started',
          {
            details: { proxy: proxyName, bytes: initial.length },
          },
        );
      deadline.phase = 'tls';
      const servername = tls.servername ?? (isIP(target.host) ? undefined : target.host);
      const tlsOptions: ConnectionOptions & { allowHalfOpen: boolean } = {
        socket: raw,
        host: target.host,
        ...(servername !== undefined ? { servername } : {}),
        ...(tls.ca !== undefined ? { ca: toCa(tls.ca) } : {}),
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
        allowHalfOpen: true,
        ...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
      };
      // node:tls (and the crypto it loads) only for rtmps: plain RTMP starts faster without it.
      const { connect: tlsConnect } = await import('node:tls');
      socket = tlsConnect(tlsOptions);
      await deadline.race(waitFor(socket, 'secureConnect', context('tls')));
    }
    return new SocketTransport(socket, {
      kind: tls ? 'tls' : 'tcp',
      idleTimeout: settings.idleTimeout,
      readHighWaterMark: settings.readHighWaterMark,
      writeHighWaterMark: settings.writeHighWaterMark,
      endTimeout: settings.endTimeout,
      signal: options.signal,
      initial,
      readPool,
      probe: raw,
      host: target.host,
      port: target.port,
    });
  } catch (error) {
    if (socket) {
      socket.on('error', () => {});
      socket.destroy();
    }
    throw toTransportError(error, context(deadline.phase));
  } finally {
    deadline.dispose();
  }
}

type Pem = string | Buffer;

/** Node's `ca` wants Buffers, callers may pass any Uint8Array. */
function toCa(ca: string | Uint8Array | ReadonlyArray<string | Uint8Array>): Pem | Pem[] {
  const one = (item: string | Uint8Array): Pem =>
    typeof item === 'string' || Buffer.isBuffer(item)
      ? item
      : Buffer.from(item.buffer, item.byteOffset, item.byteLength);
  return typeof ca === 'string' || ca instanceof Uint8Array ? one(ca) : ca.map(one);
}

/** Resolves when `event` fires; rejects with a mapped error on 'error' or an early 'close'. */
function waitFor(socket: Socket, event: 'connect' | 'secureConnect', context: ErrorContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      socket.off(event, onEvent);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onEvent = () => done();
    const onError = (error: Error) => done(toTransportError(error, context));
    const onClose = () =>
      done(
        new TcpTransportError(
          context.phase === 'tls' ? TcpTransportErrorCode.TlsFailed : TcpTransportErrorCode.ConnectionReset,
          `connection to ${context.host}:${context.port} closed during ${context.phase}`,
          { details: { ...context, reason: 'closed' } },
        ),
      );
    socket.on(event, onEvent);
    socket.on('error', onError);
    socket.on('close', onClose);
  });
}

/** SOCKS4 (not 4a) sends an IPv4 address: resolve the target name here, like librtmp. */
async function socksTargetHost(
  host: string,
  proxy: SocksProxy,
  options: TcpConnectOptions,
  deadline: ConnectDeadline,
  context: (phase: TransportPhase) => ErrorContext,
): Promise<string> {
  if ((proxy.version ?? 4) !== 4 || isIP(host) === 4) return host;
  if (isIP(host) === 6) invalid(`SOCKS4 cannot reach the IPv6 address ${host}: use SOCKS5`, { host });
  deadline.phase = 'dns';
  const lookup: LookupFunction = options.lookup ?? (dnsLookup as unknown as LookupFunction);
  const address = new Promise<string>((resolve, reject) => {
    lookup(host, { family: 4, all: false }, (error, result) => {
      if (error) reject(toTransportError(error, context('dns')));
      else resolve(typeof result === 'string' ? result : (result[0]?.address ?? ''));
    });
  });
  return deadline.race(address);
}

/** Runs the SOCKS exchange on the connected socket; resolves with bytes that followed the reply. */
function socksNegotiate(
  socket: Socket,
  host: string,
  port: number,
  proxy: SocksProxy,
  context: ErrorContext,
): Promise<Uint8Array | null> {
  const handshake = new SocksClientHandshake({
    host,
    port,
    version: proxy.version ?? 4,
    userId: proxy.userId,
    username: proxy.username,
    password: proxy.password,
  });
  return new Promise((resolve, reject) => {
    const done = (error: unknown, leftover: Uint8Array | null = null) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
      socket.pause();
      if (error === undefined) resolve(leftover);
      else reject(error);
    };
    const onData = (chunk: Uint8Array) => {
      try {
        const step = handshake.receive(chunk);
        if (step.send) socket.write(step.send);
        if (step.done) done(undefined, step.leftover);
      } catch (error) {
        done(error);
      }
    };
    const onEnd = () =>
      done(
        new TcpTransportError(
          TcpTransportErrorCode.SocksFailed,
          `SOCKS proxy ${context.proxy} closed the connection during the handshake`,
          { details: { ...context } },
        ),
      );
    const onError = (error: Error) => done(toTransportError(error, context));
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    try {
      socket.write(handshake.start());
    } catch (error) {
      done(error);
      return;
    }
    socket.resume();
  });
}
