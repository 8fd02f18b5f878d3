/**
 * A loopback TCP proxy that cuts connections at chosen points of the server→client byte stream:
 * RST, FIN, or a stall (bytes stop, socket stays open). Cut points come from a seeded list, in
 * order: a connection gets the next cut not yet made (one that ends before its cut point passes
 * it on to the next connection); once the list is used up, everything passes through.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** How a connection is cut. */
export type CutMode = 'rst' | 'fin' | 'stall';

/** One planned cut: after `afterBytes` bytes went down to the client. */
export interface PlannedCut {
  afterBytes: number;
  mode: CutMode;
}

/** A running fault proxy. */
export interface FaultProxy {
  readonly port: number;
  /** Cuts made so far, in order, with the byte count each one happened at. */
  readonly cuts: Array<PlannedCut & { connection: number }>;
  /** Connections accepted. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 (ephemeral port) in front of `upstream`. */
export async function startFaultProxy(
  upstream: { host: string; port: number },
  plan: PlannedCut[],
): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  const cuts: FaultProxy['cuts'] = [];
  let connections = 0;
  let nextCut = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
  };
  const server: Server = createServer((client) => {
    const index = connections++;
    const cut = plan[nextCut];
    track(client);
    const origin = connect(upstream.port, upstream.host);
    track(origin);
    client.pipe(origin);
    let down = 0;
    let done = false;
    origin.on('data', (data: Buffer) => {
      if (done) return;
      if (cut && down + data.length >= cut.afterBytes) {
        const keep = cut.afterBytes - down;
        done = true;
        nextCut++;
        client.write(data.subarray(0, keep), () => {
          cuts.push({ ...cut, connection: index });
          if (cut.mode === 'rst') {
            client.resetAndDestroy();
            origin.destroy();
          } else if (cut.mode === 'fin') {
            client.end();
            origin.destroy();
          } else {
            origin.destroy(); // stall: the client socket stays open, silent
          }
        });
        return;
      }
      down += data.length;
      if (!client.write(data)) {
        origin.pause();
        client.once('drain', () => origin.resume());
      }
    });
    origin.on('end', () => {
      if (!done) client.end();
    });
    origin.on('error', () => client.destroy());
    client.on('close', () => origin.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    cuts,
    get connections() {
      return connections;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A reproducible cut plan: `count` cuts, modes rotating. Each cut point is below
 * `totalBytes / (2 × count)` so that, although a resumed connection carries less than the whole
 * stream, every planned cut happens before the download can finish.
 */
export function planCuts(count: number, totalBytes: number, seed: number): PlannedCut[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const modes: CutMode[] = ['rst', 'fin', 'stall'];
  return Array.from({ length: count }, (_, i) => ({
    // Anywhere from inside the handshake to the connection's share of the stream.
    afterBytes: 100 + (next() % Math.max(1, Math.floor(totalBytes / (2 * count)) - 100)),
    mode: modes[i % modes.length] as CutMode,
  }));
}
