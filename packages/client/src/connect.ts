/**
 * connect(): resolves an RTMP URL (librtmp rules), opens the transport, runs the handshake and
 * the connect command, and resolves with a connected {@link RtmpConnection}
 * (librtmp `RTMP_SetupURL` + `RTMP_Connect`; protocol.md §1, §5.2).
 */
import { connectParamsFor, parseConnArgs } from '@rtmp/commands';
import type { RandomSource } from '@rtmp/core';
import { ClientSession } from '@rtmp/session';
import { abortError, ClientErrorCode, RtmpClientError } from './client-error.js';
import type { ConnectOptions } from './connect-options.js';
import { openTransport } from './open-transport.js';
import { RtmpConnection } from './rtmp-connection.js';
import { resolveRtmpUrl } from './url/resolve-rtmp-url.js';

const defaultRandom: RandomSource = (target) => {
  crypto.getRandomValues(target);
};

/**
 * Connects to an RTMP server. `url` is an RTMP URL with librtmp's optional option string
 * (`rtmp://host/app/playpath live=1 conn=S:x`).
 * @throws {RtmpError} URL_* — the URL or an option is invalid.
 * @throws {RtmpStatusError} CLIENT_CONNECT_REJECTED — the server refused connect (status has its code).
 * @throws {RtmpClientError} CLIENT_CONNECT_TIMEOUT / CLIENT_ABORTED / CLIENT_CLOSED
 * @throws {RtmpError} TRANSPORT_* — the network failed (refused, DNS, TLS, SOCKS...).
 * @throws {RtmpError} HANDSHAKE_* / CHUNK_* / COMMANDS_* — the server broke the protocol.
 */
export async function connect(url: string, options: ConnectOptions = {}): Promise<RtmpConnection> {
  const params = resolveRtmpUrl(url, options.params);
  if (options.signal?.aborted) throw abortError(options.signal, 'connect');
  const timeoutS = params.timeout > 0 ? params.timeout : 30;
  const connectTimeout = options.connectTimeout ?? timeoutS * 1000;
  const idleTimeout = options.idleTimeout ?? timeoutS * 1000;
  const deadline = new AbortController();
  const timer = setTimeout(
    () =>
      deadline.abort(
        new RtmpClientError(ClientErrorCode.ConnectTimeout, `not connected after ${connectTimeout} ms`, {
          details: { connectTimeout },
        }),
      ),
    connectTimeout,
  );
  const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
  const startedAt = performance.now();
  try {
    const transport = await (options.transport ?? openTransport)(params, {
      signal,
      connectTimeout,
      idleTimeout,
      tls: options.tls ?? {},
    });
    const session = new ClientSession({
      random: options.random ?? defaultRandom,
      clock: options.clock ?? (() => Math.floor(performance.now() - startedAt)),
      handshake: options.handshake ?? (params.encrypted ? 'rtmpe' : 'digest'),
      rtmpeType: options.rtmpeType,
      digestPolicy: options.digestPolicy,
      connect: connectParamsFor({
        app: params.app,
        tcUrl: params.tcUrl,
        mode: options.publish ? 'publish' : 'play',
        profile: options.profile ?? 'librtmp',
        flashVer: params.flashVer,
        ...(params.swfUrl !== null ? { swfUrl: params.swfUrl } : {}),
        ...(params.pageUrl !== null ? { pageUrl: params.pageUrl } : {}),
      }),
      auth: options.auth,
      connectArgs: params.conn.length > 0 ? parseConnArgs(params.conn) : undefined,
      swfVerification: options.swfVerification,
      secureTokenKey: params.token ?? undefined,
      usherToken: params.jtv ?? undefined,
      bufferEmptyTrick: options.bufferEmptyTrick ?? true,
      publishChunkSize: options.publishChunkSize,
      // Messages are assembled in memory that is overwritten before it is read: skip zero-filling.
      // Small slabs (messages up to 4 KiB; larger ones get their own buffer): a 1 MiB slab per
      // connection costs ~1 MiB of RSS per live player; downloads run at the same speed either way.
      decoder: { allocate: (length: number) => Buffer.allocUnsafeSlow(length), payloadSlabSize: 16 * 1024 },
    });
    const connection = new RtmpConnection(transport, session, params, {
      idleTimeout,
      noMediaTimeout: options.noMediaTimeout ?? 0,
      sendTimeout: options.sendTimeout ?? idleTimeout,
    });
    const onAbort = () => connection.destroy(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      connection.begin();
      await connection.whenConnected();
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (options.signal)
      options.signal.addEventListener(
        'abort',
        () => connection.destroy(abortError(options.signal as AbortSignal, 'connection')),
        { once: true },
      );
    return connection;
  } catch (error) {
    if (deadline.signal.aborted) throw deadline.signal.reason;
    if (options.signal?.aborted) throw abortError(options.signal, 'connect');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
