// A loopback TCP relay for tests: records what clients send, and can forward client bytes one
// byte per event-loop turn (so the server sees the stream split at every byte boundary).
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpRelay {
  port: number;
  /** Client → server bytes of every connection, in order. */
  recorded: Buffer[][];
  close(): Promise<void>;
}

export async function startRelay(
  targetPort: number,
  options: { byteByByte?: boolean } = {},
): Promise<TcpRelay> {
  const recorded: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    const log: Buffer[] = [];
    recorded.push(log);
    let queue = Promise.resolve();
    client.on('data', (data: Buffer) => {
      log.push(Buffer.from(data));
      if (!options.byteByByte) {
        upstream.write(data);
        return;
      }
      client.pause();
      queue = queue.then(async () => {
        for (let i = 0; i < data.length; i++) {
          if (upstream.destroyed) return;
          upstream.write(data.subarray(i, i + 1));
          await new Promise((r) => setImmediate(r));
        }
        client.resume();
      });
    });
    upstream.on('data', (data) => client.write(data));
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => void queue.then(() => upstream.end()));
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    recorded,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Sends `pieces` on a fresh connection, `gapMs` apart (a recorded client's own write boundaries
 * and pacing: clients wait for `_result` before they send more), and resolves when the server
 * closed it (or `ms` after the last piece).
 */
export function replay(
  port: number,
  pieces: readonly Uint8Array[],
  ms = 2000,
  gapMs = 15,
): Promise<{ received: number; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = 0;
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer });
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    socket.on('data', (d) => {
      received += d.length;
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', async () => {
      for (const piece of pieces) {
        if (done) return;
        socket.write(piece);
        await new Promise((r) => setTimeout(r, gapMs));
      }
      if (!done) timer = setTimeout(() => finish(false), ms);
    });
  });
}
