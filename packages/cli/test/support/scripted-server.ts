// Test support: a tiny RTMP server on a ServerSession (sans-IO) over node:net that records what
// the client sends (connect, commands, user control events, raw command payloads) and can play
// scripts librtmp servers use: a `secureToken` in the connect `_result`, a SWFVerification
// request (User Control 26) after connect, or total silence (for -m/--timeout).
import { randomFillSync } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeResult } from '@rtmp/commands';
import { ServerSession } from '@rtmp/session';

/** Everything one client connection sent. */
export interface Recorded {
  /** The server's S1 (1536 bytes), for checking the SWF verification answer. */
  s1: Uint8Array | undefined;
  connect: { params: Record<string, unknown>; args: unknown[] } | undefined;
  /** Decoded commands by name, in order (createStream, FCSubscribe, play, ...). */
  commands: Array<{ name: string; args: unknown }>;
  plays: Array<{ name: string; start: number | undefined; duration: number | undefined }>;
  /** SetBufferLength events: stream id and milliseconds. */
  bufferLengths: Array<{ streamId: number; ms: number }>;
  /** pause / unpause requests: paused flag and position (ms). */
  pauses: Array<{ paused: boolean; position: number }>;
  /** User Control events (type id 4) as raw payloads. */
  userControl: Uint8Array[];
  /** Raw AMF0 command payloads (type id 20). */
  commandPayloads: Uint8Array[];
}

/** What the scripted server does. */
export interface ScriptOptions {
  /** Put `secureToken` in the connect `_result` info object. */
  secureToken?: string;
  /** Send a SWFVerification request right after accepting connect. */
  swfVerify?: boolean;
  /** Complete the handshake, then never answer anything (connect hangs). */
  silentAfterHandshake?: boolean;
  /** Start plays, send two audio tags, then go silent (the connection stays open). */
  silentMidPlay?: boolean;
  /** Accept plays and send this many audio tags (20 ms apart), then end the play (default 5). */
  audioTags?: number;
  /**
   * Mark plays as recorded (StreamIsRecorded) and send User Control BufferEmpty after the second
   * audio tag; answer pause with NetStream.Pause.Notify / Unpause.Notify, and go on after the
   * unpause (or after 1.5 s without one).
   */
  bufferEmpty?: boolean;
}

/** A running scripted server. */
export interface ScriptedServer {
  port: number;
  connections: Recorded[];
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (ephemeral port). */
export async function startScriptedServer(options: ScriptOptions = {}): Promise<ScriptedServer> {
  const connections: Recorded[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const record: Recorded = {
      s1: undefined,
      connect: undefined,
      commands: [],
      plays: [],
      bufferLengths: [],
      pauses: [],
      userControl: [],
      commandPayloads: [],
    };
    connections.push(record);
    const session = new ServerSession({ random: (target) => randomFillSync(target) });
    // Observe every decoded message (the session itself ignores SWFVerification answers).
    const layer = session.layer as unknown as {
      receive(b: Uint8Array, onMessage: (m: { typeId: number; payload: Uint8Array }) => void): void;
    };
    const receive = layer.receive.bind(layer);
    layer.receive = (bytes, onMessage) =>
      receive(bytes, (m) => {
        if (m.typeId === 4) record.userControl.push(m.payload.slice());
        if (m.typeId === 20) record.commandPayloads.push(m.payload.slice());
        onMessage(m);
      });
    if (options.secureToken !== undefined) {
      // acceptConnect's `_result` is the first command it sends: replace it by one whose info
      // object carries the secureToken challenge (as FMS/Wowza do).
      const s = session as unknown as { command(payload: Uint8Array): void };
      const command = s.command.bind(session);
      let first = true;
      s.command = (payload) => {
        if (first) {
          first = false;
          command(
            encodeResult(
              1,
              { fmsVer: 'FMS/3,5,7,7009', capabilities: 31, mode: 1 },
              {
                level: 'status',
                code: 'NetConnection.Connect.Success',
                description: 'Connection succeeded.',
                extra: { secureToken: options.secureToken ?? '' },
              },
            ),
          );
        } else command(payload);
      };
    }
    let handshaken = false;
    const write = (outs: ReturnType<ServerSession['receive']>) => {
      for (const out of outs) {
        if (out.type === 'send') {
          if (!record.s1 && out.bytes.length >= 1537) record.s1 = out.bytes.slice(1, 1537);
          if (!socket.destroyed) socket.write(out.bytes);
        } else handle(out.event);
      }
    };
    const handle = (event: { type: string } & Record<string, unknown>) => {
      switch (event.type) {
        case 'handshake-completed':
          handshaken = true;
          return;
        case 'connect-requested':
          record.connect = { params: event.params as Record<string, unknown>, args: event.args as unknown[] };
          if (options.silentAfterHandshake) return;
          write(session.acceptConnect());
          if (options.swfVerify)
            socket.write(
              session.layer.sendUserControl({ type: 'swfVerifyRequest', data: new Uint8Array(0) }),
            );
          return;
        case 'buffer-length-set':
          record.bufferLengths.push({ streamId: event.streamId as number, ms: event.bufferLength as number });
          return;
        case 'command-received': {
          const command = event.command as { name: string; transactionId: number };
          record.commands.push({ name: command.name, args: command });
          return;
        }
        case 'play-requested': {
          const streamId = event.streamId as number;
          record.plays.push({
            name: event.name as string,
            start: event.start as number | undefined,
            duration: event.duration as number | undefined,
          });
          record.commands.push({ name: 'play', args: event });
          void play(streamId, event.name as string);
          return;
        }
        case 'pause-requested': {
          const paused = event.paused as boolean;
          record.pauses.push({ paused, position: event.position as number });
          write(
            session.sendStatus(event.streamId as number, {
              level: 'status',
              code: paused ? 'NetStream.Pause.Notify' : 'NetStream.Unpause.Notify',
              description: paused ? 'Paused.' : 'Unpaused.',
            }),
          );
          if (!paused) unpaused?.();
          return;
        }
        default:
      }
    };
    let unpaused: (() => void) | undefined;
    const play = async (streamId: number, name: string) => {
      write(session.acceptPlay(streamId, name, { recorded: options.bufferEmpty === true }));
      const count = options.audioTags ?? 5;
      // AAC sequence header then raw AAC frames (sound format 10, 44.1 kHz, stereo).
      socket.write(session.encodeMedia(streamId, 8, 0, Uint8Array.of(0xaf, 0x00, 0x12, 0x10)));
      for (let i = 0; i < count; i++) {
        socket.write(session.encodeMedia(streamId, 8, 20 * i, Uint8Array.of(0xaf, 0x01, i, 1, 2, 3)));
        if (options.silentMidPlay && i === 1) return;
        if (options.bufferEmpty && i === 1) {
          socket.write(session.layer.sendUserControl({ type: 'bufferEmpty', streamId }));
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, 1500);
            unpaused = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
      if (!socket.destroyed) write(session.endPlay(streamId));
    };
    socket.on('data', (bytes: Buffer) => {
      if (handshaken && options.silentAfterHandshake && record.connect) return;
      try {
        write(session.receive(bytes));
      } catch {
        socket.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
