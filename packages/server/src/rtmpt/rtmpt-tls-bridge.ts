/**
 * RTMPTS for the gateway (protocol.md §7, "RTMPTS: identical over HTTPS"): a TLS listener whose
 * decrypted connections are bridged over loopback TCP to the gateway's plain HTTP server.
 *
 * Why not `https.createServer`: librtmp pipelines requests (it posts `/send` while an `/idle`
 * reply is still pending). Node 20's HTTP server pauses a connection while replies queue up;
 * on TLS sockets, data that is already decrypted still reaches the paused parser, which fails
 * with `HPE_PAUSED` and drops the connection (seen with rtmpdump over rtmpts). Plain TCP sockets
 * are read by the parser directly and pause correctly, so each TLS connection gets one.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions, type Server as TlsServer } from 'node:tls';

/** A listening TLS front end. */
export interface TlsBridge {
  readonly server: TlsServer;
  /** Stops listening and destroys every bridged connection. */
  close(): Promise<void>;
}

/**
 * Listens for TLS on `host:port` and relays every connection to `127.0.0.1:innerPort`.
 * Rejects when the TLS server cannot listen.
 */
export async function listenTlsBridge(
  tls: TlsOptions,
  host: string,
  port: number,
  innerPort: number,
): Promise<TlsBridge> {
  const live = new Set<Socket>();
  const server = createTlsServer(tls, (outer) => {
    const inner = connectTcp({ host: '127.0.0.1', port: innerPort, noDelay: true });
    live.add(outer);
    live.add(inner);
    const teardown = (): void => {
      outer.destroy();
      inner.destroy();
      live.delete(outer);
      live.delete(inner);
    };
    outer.on('error', teardown).on('close', teardown);
    inner.on('error', teardown).on('close', teardown);
    outer.pipe(inner);
    inner.pipe(outer);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of live) s.destroy();
        live.clear();
      }),
  };
}
