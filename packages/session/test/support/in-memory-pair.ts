// Test support: a ClientSession and a ServerSession wired back to back in memory (rml_rtmp's
// approach). Bytes are delivered in whatever slices the test chooses; nothing touches a socket.
import {
  ClientSession,
  type ClientSessionOptions,
  ServerSession,
  type ServerSessionEvent,
  type ServerSessionOptions,
  type SessionEvent,
  type SessionOutput,
} from '@rtmp/session';

/** A deterministic RandomSource (xorshift32), so every run produces the same bytes. */
export function seededRandom(seed = 1): (target: Uint8Array) => void {
  let state = seed >>> 0 || 1;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      target[i] = state & 0xff;
    }
  };
}

export interface Pair {
  client: ClientSession;
  server: ServerSession;
  clientEvents: SessionEvent[];
  serverEvents: ServerSessionEvent[];
  /** Bytes in flight, per direction. */
  toServer: Uint8Array[];
  toClient: Uint8Array[];
  /** Records events and queues sends of client outputs. */
  fromClient(outputs: SessionOutput[]): void;
  /** Records events and queues sends of server outputs. */
  fromServer(outputs: SessionOutput<ServerSessionEvent>[]): void;
  /** Delivers everything in flight both ways until quiet; `slice` splits each delivery. */
  run(slice?: number): void;
  /** Called for each server event as it is delivered, to answer requests (default: accept all). */
  onServerEvent: (event: ServerSessionEvent) => void;
}

export function makePair(
  clientOptions: Partial<ClientSessionOptions> = {},
  serverOptions: Partial<ServerSessionOptions> = {},
): Pair {
  const client = new ClientSession({
    random: seededRandom(7),
    connect: { app: 'app', tcUrl: 'rtmp://127.0.0.1/app', flashVer: 'LNX 10,0,32,18' },
    ...clientOptions,
  });
  const server = new ServerSession({ random: seededRandom(11), ...serverOptions });
  const pair: Pair = {
    client,
    server,
    clientEvents: [],
    serverEvents: [],
    toServer: [],
    toClient: [],
    fromClient(outputs) {
      for (const o of outputs) {
        if (o.type === 'send') pair.toServer.push(o.bytes);
        else pair.clientEvents.push(o.event);
      }
    },
    fromServer(outputs) {
      for (const o of outputs) {
        if (o.type === 'send') pair.toClient.push(o.bytes);
        else {
          pair.serverEvents.push(o.event);
          pair.onServerEvent(o.event);
        }
      }
    },
    run(slice = Number.POSITIVE_INFINITY) {
      for (let guard = 0; guard < 10_000 && (pair.toServer.length > 0 || pair.toClient.length > 0); guard++) {
        const up = pair.toServer.splice(0);
        for (const bytes of up)
          for (let i = 0; i < bytes.length; i += slice)
            pair.fromServer(server.receive(bytes.subarray(i, Math.min(bytes.length, i + slice))));
        const down = pair.toClient.splice(0);
        for (const bytes of down)
          for (let i = 0; i < bytes.length; i += slice)
            pair.fromClient(client.receive(bytes.subarray(i, Math.min(bytes.length, i + slice))));
      }
    },
    onServerEvent(event) {
      if (event.type === 'connect-requested') pair.fromServer(server.acceptConnect());
      else if (event.type === 'play-requested')
        pair.fromServer(server.acceptPlay(event.streamId, event.name, { recorded: true }));
      else if (event.type === 'publish-requested')
        pair.fromServer(server.acceptPublish(event.streamId, event.name));
    },
  };
  return pair;
}

/** Starts the pair and runs it until connected. */
export function connectPair(pair: Pair, slice?: number): void {
  pair.fromClient(pair.client.start());
  pair.run(slice);
}
