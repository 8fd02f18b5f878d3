// Test support: a small scriptable RTMP server — @rtmp/session's ServerSession over node:net on
// 127.0.0.1:0 — so the client's unit tests run against real sockets without external peers.
// Each event the server session reports goes to `handler` (default: accept connect, play and
// publish); tests script the rest (media, StreamEOF, close, silence) through the connection.
import { randomFillSync } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import {
  ServerSession,
  type ServerSessionEvent,
  type ServerSessionOptions,
  type SessionOutput,
} from '@rtmp/session';

type ServerEventType = ServerSessionEvent['type'];
type EventOf<T extends ServerEventType> = Extract<ServerSessionEvent, { type: T }>;

/** One accepted client connection. */
export interface ServerConnection {
  socket: Socket;
  session: ServerSession;
  /** Every event the server session reported, in order. */
  events: ServerSessionEvent[];
  /** Bytes read from the client so far. */
  bytesRead(): number;
  /** Writes the sends and records (and handles) the events of session outputs. */
  apply(outputs: SessionOutput<ServerSessionEvent>[]): void;
  /** Writes raw bytes (media encoded with `session.encodeMedia`). */
  write(bytes: Uint8Array): boolean;
  /** The first event of `type` (matching `predicate`), already seen or still to come. */
  waitFor<T extends ServerEventType>(
    type: T,
    predicate?: (event: EventOf<T>) => boolean,
    timeoutMs?: number,
  ): Promise<EventOf<T>>;
  /** Settles when the socket has closed. */
  closed: Promise<void>;
  /** An error the server session threw on the client's bytes, if any. */
  failure: unknown;
}

/** Reacts to one server event. */
export type ServerHandler = (connection: ServerConnection, event: ServerSessionEvent) => void;

/** Accepts connect, play (recorded) and publish: the default handler. */
export const acceptAll: ServerHandler = (connection, event) => {
  const { session } = connection;
  if (event.type === 'connect-requested') connection.apply(session.acceptConnect());
  else if (event.type === 'play-requested')
    connection.apply(session.acceptPlay(event.streamId, event.name, { recorded: true }));
  else if (event.type === 'publish-requested')
    connection.apply(session.acceptPublish(event.streamId, event.name));
};

export interface TestServerOptions {
  /** `silent`: accept TCP and read, but never answer (not even the handshake). */
  mode?: 'rtmp' | 'silent';
  handler?: ServerHandler;
  session?: Partial<ServerSessionOptions>;
}

export interface TestServer {
  port: number;
  /** `rtmp://127.0.0.1:<port>/<path>` */
  url(path: string): string;
  connections: ServerConnection[];
  /** The next connection to be accepted (or the first one not yet taken). */
  nextConnection(): Promise<ServerConnection>;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const handler = options.handler ?? acceptAll;
  const connections: ServerConnection[] = [];
  const sockets = new Set<Socket>();
  let taken = 0;
  const acceptWaiters: Array<(c: ServerConnection) => void> = [];

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => {});
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    closed.then(() => sockets.delete(socket));
    const session = new ServerSession({ random: (b) => randomFillSync(b), ...options.session });
    const waiters = new Set<{
      match: (e: ServerSessionEvent) => boolean;
      resolve: (e: ServerSessionEvent) => void;
    }>();
    let read = 0;
    const connection: ServerConnection = {
      socket,
      session,
      events: [],
      failure: undefined,
      closed,
      bytesRead: () => read,
      apply(outputs) {
        for (const output of outputs) {
          if (output.type === 'send') {
            if (!socket.destroyed) socket.write(output.bytes);
            continue;
          }
          connection.events.push(output.event);
          for (const waiter of [...waiters]) {
            if (waiter.match(output.event)) {
              waiters.delete(waiter);
              waiter.resolve(output.event);
            }
          }
          handler(connection, output.event);
        }
      },
      write: (bytes) => (socket.destroyed ? false : socket.write(bytes)),
      waitFor(type, predicate, timeoutMs = 5000) {
        const match = (e: ServerSessionEvent) =>
          e.type === type && (predicate === undefined || predicate(e as EventOf<typeof type>));
        const seen = connection.events.find(match);
        if (seen) return Promise.resolve(seen as EventOf<typeof type>);
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            waiters.delete(waiter);
            reject(
              new Error(
                `server: no ${type} within ${timeoutMs} ms; saw ${connection.events.map((e) => e.type)}`,
              ),
            );
          }, timeoutMs);
          const waiter = {
            match,
            resolve: (e: ServerSessionEvent) => {
              clearTimeout(timer);
              resolve(e as EventOf<typeof type>);
            },
          };
          waiters.add(waiter);
        });
      },
    };
    socket.on('data', (data: Buffer) => {
      read += data.length;
      if (options.mode === 'silent' || connection.failure !== undefined) return;
      try {
        connection.apply(session.receive(data));
      } catch (error) {
        connection.failure = error;
        socket.destroy();
      }
    });
    connections.push(connection);
    const waiter = acceptWaiters.shift();
    if (waiter) {
      taken++;
      waiter(connection);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `rtmp://127.0.0.1:${port}/${path}`,
    connections,
    nextConnection() {
      if (taken < connections.length) return Promise.resolve(connections[taken++] as ServerConnection);
      return new Promise((resolve) => acceptWaiters.push(resolve));
    },
    async close() {
      const all = connections.map((c) => c.closed);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(all);
    },
  };
}

/** An AAC raw frame body (FLV audio tag data: SoundFormat 10, 44 kHz, 16-bit, stereo). */
export function aacFrame(seed: number, size = 64): Uint8Array {
  const out = new Uint8Array(size);
  out[0] = 0xaf;
  out[1] = 0x01;
  for (let i = 2; i < size; i++) out[i] = (seed * 31 + i * 7) & 0xff;
  return out;
}

/** An AVC NALU body (FLV video tag data: keyframe or inter frame, codec 7, AVCPacketType 1). */
export function avcFrame(seed: number, size = 256, key = false): Uint8Array {
  const out = new Uint8Array(size);
  out[0] = key ? 0x17 : 0x27;
  out[1] = 0x01;
  for (let i = 5; i < size; i++) out[i] = (seed * 13 + i * 3) & 0xff;
  return out;
}

/**
 * A hand-built FLV file (FLV spec v10, E.2–E.4: 9-byte header, PreviousTagSize0, then for each
 * tag an 11-byte header, the data and its PreviousTagSize) — written here from the spec so the
 * tests do not check our muxer against itself.
 */
export function buildFlv(
  tags: ReadonlyArray<{ type: number; timestamp: number; data: Uint8Array }>,
): Uint8Array {
  const hasAudio = tags.some((t) => t.type === 8);
  const hasVideo = tags.some((t) => t.type === 9);
  let size = 13;
  for (const t of tags) size += 11 + t.data.length + 4;
  const out = new Uint8Array(size);
  out.set([0x46, 0x4c, 0x56, 0x01, (hasAudio ? 4 : 0) | (hasVideo ? 1 : 0), 0, 0, 0, 9, 0, 0, 0, 0]);
  let at = 13;
  for (const t of tags) {
    const n = t.data.length;
    out.set(
      [
        t.type,
        (n >>> 16) & 0xff,
        (n >>> 8) & 0xff,
        n & 0xff,
        (t.timestamp >>> 16) & 0xff,
        (t.timestamp >>> 8) & 0xff,
        t.timestamp & 0xff,
        (t.timestamp >>> 24) & 0xff,
        0,
        0,
        0,
      ],
      at,
    );
    out.set(t.data, at + 11);
    at += 11 + n;
    const prev = 11 + n;
    out.set([(prev >>> 24) & 0xff, (prev >>> 16) & 0xff, (prev >>> 8) & 0xff, prev & 0xff], at);
    at += 4;
  }
  return out;
}

/** Waits `ms` milliseconds. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
