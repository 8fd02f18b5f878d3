/**
 * A hostile RTMP server on 127.0.0.1 (ephemeral port): every accepted connection runs the given
 * script on a {@link ScriptedPeer}. Script failures are collected, never left unhandled.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import type { ServerSessionOptions } from '@rtmp/session';
import { ScriptedPeer } from './scripted-peer.js';

/** A script: what the server does with one connection. `signal` fires when the server stops. */
export type PeerScript = (peer: ScriptedPeer, signal: AbortSignal) => Promise<void>;

/** A running scripted server. */
export interface ScriptedServer {
  readonly port: number;
  readonly url: (path?: string) => string;
  /** Peers accepted so far. */
  readonly peers: ScriptedPeer[];
  /** Errors the scripts threw (a script that throws is a bug in the script, not in the client). */
  readonly scriptErrors: unknown[];
  /** Stops accepting, aborts scripts, destroys connections, waits for scripts to finish. */
  close(): Promise<void>;
}

/** Starts a scripted server. */
export async function startScriptedServer(
  script: PeerScript,
  sessionOptions: Partial<ServerSessionOptions> = {},
  tls?: { cert: string | Buffer; key: string | Buffer },
): Promise<ScriptedServer> {
  const abort = new AbortController();
  const peers: ScriptedPeer[] = [];
  const sockets = new Set<Socket>();
  const running = new Set<Promise<void>>();
  const scriptErrors: unknown[] = [];
  const onSocket = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const peer = new ScriptedPeer(socket, sessionOptions);
    peers.push(peer);
    const run = script(peer, abort.signal)
      .catch((error: unknown) => {
        if (!abort.signal.aborted && !peer.closed) scriptErrors.push(error);
      })
      .finally(() => running.delete(run));
    running.add(run);
  };
  const server: Server = tls
    ? createTlsServer({ cert: tls.cert, key: tls.key }, onSocket)
    : createServer({ noDelay: true }, onSocket);
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: (path = 'live/stream') => `${tls ? 'rtmps' : 'rtmp'}://127.0.0.1:${port}/${path}`,
    peers,
    scriptErrors,
    async close() {
      abort.abort();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...running]);
    },
  };
}
