// Socket plumbing for the handshake interop tests (real sockets live only in test files): a
// one-connection TCP/Unix server running our ServerHandshake, a client connection running our
// ClientHandshake, and a hand-built AMF0 connect command (type 20 on csid 3).
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import {
  ClientHandshake,
  type ClientHandshakeOptions,
  type HandshakeCompletion,
  type HandshakeWarning,
  ServerHandshake,
  type ServerHandshakeOptions,
} from '../src/index.js';

export const random = (bytes: Uint8Array) => {
  for (let at = 0; at < bytes.length; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
};

function amfString(text: string): number[] {
  return [0x02, text.length >> 8, text.length & 0xff, ...Buffer.from(text, 'latin1')];
}
function amfKey(text: string): number[] {
  return [text.length >> 8, text.length & 0xff, ...Buffer.from(text, 'latin1')];
}

/** connect(app, tcUrl, flashVer) as RTMP chunks of 128 bytes on csid 3, message stream 0. */
export function connectCommand(app: string, tcUrl: string, flashVer = 'LNX 9,0,124,2'): Uint8Array {
  const body = [
    ...amfString('connect'),
    0x00,
    0x3f,
    0xf0,
    0,
    0,
    0,
    0,
    0,
    0, // transaction id 1
    0x03,
    ...amfKey('app'),
    ...amfString(app),
    ...amfKey('flashVer'),
    ...amfString(flashVer),
    ...amfKey('tcUrl'),
    ...amfString(tcUrl),
    0x00,
    0x00,
    0x09,
  ];
  const header = [
    0x03,
    0,
    0,
    0,
    (body.length >> 16) & 0xff,
    (body.length >> 8) & 0xff,
    body.length & 0xff,
    20,
    0,
    0,
    0,
    0,
  ];
  const out = [...header];
  for (let at = 0; at < body.length; at += 128) {
    if (at > 0) out.push(0xc3);
    out.push(...body.slice(at, at + 128));
  }
  return new Uint8Array(out);
}

export interface ServedConnection {
  completion: HandshakeCompletion;
  warnings: HandshakeWarning[];
  /** Application bytes after the handshake, decrypted for RTMPE. */
  text: string;
}

/**
 * Listens on 127.0.0.1 (ephemeral port) for one connection, runs our server handshake, then
 * collects (and decrypts) what follows until `until` matches or `timeoutMs` passes.
 */
export async function serveOnce(
  options: Partial<ServerHandshakeOptions>,
  until: RegExp,
  timeoutMs = 20_000,
): Promise<{ port: number; connection: Promise<ServedConnection>; close: () => void }> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const connection = new Promise<ServedConnection>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no match for ${until} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    server.once('connection', (socket: Socket) => {
      const hs = new ServerHandshake({ random, ...options });
      const warnings: HandshakeWarning[] = [];
      let completion: HandshakeCompletion | undefined;
      let text = '';
      const take = (bytes: Uint8Array) => {
        completion?.ciphers?.decrypt.process(bytes);
        text += Buffer.from(bytes).toString('latin1');
        if (completion && until.test(text)) {
          clearTimeout(timer);
          resolve({ completion, warnings, text });
          socket.destroy();
        }
      };
      socket.on('data', (data: Buffer) => {
        const bytes = new Uint8Array(data);
        try {
          if (completion) return take(bytes);
          const step = hs.receive(bytes);
          warnings.push(...step.warnings);
          if (step.send) socket.write(step.send);
          if (step.done) {
            completion = step.done;
            take(step.done.leftover.slice());
          }
        } catch (error) {
          clearTimeout(timer);
          reject(error);
          socket.destroy();
        }
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        reject(
          new Error(`peer closed; handshake ${hs.state}; received ${JSON.stringify(text.slice(0, 200))}`),
        );
      });
    });
  });
  connection.catch(() => {});
  return { port, connection, close: () => server.close() };
}

export interface ClientRun {
  completion: HandshakeCompletion;
  warnings: HandshakeWarning[];
  /** What the server sent after the handshake, decrypted for RTMPE. */
  text: string;
}

/**
 * Connects (TCP port or Unix socket path), runs our client handshake, sends `afterHandshake`
 * (encrypted for RTMPE), and collects the server's bytes until `until` matches.
 */
export function clientRun(
  target: { port: number } | { path: string },
  options: Partial<ClientHandshakeOptions>,
  afterHandshake: Uint8Array,
  until: RegExp,
  timeoutMs = 20_000,
): Promise<ClientRun> {
  return new Promise((resolve, reject) => {
    const socket = 'port' in target ? netConnect(target.port, '127.0.0.1') : netConnect(target.path);
    const hs = new ClientHandshake({ random, ...options });
    const warnings: HandshakeWarning[] = [];
    let completion: HandshakeCompletion | undefined;
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no match for ${until} within ${timeoutMs} ms; got ${JSON.stringify(text.slice(0, 300))}`),
      );
    }, timeoutMs);
    const take = (bytes: Uint8Array) => {
      completion?.ciphers?.decrypt.process(bytes);
      text += Buffer.from(bytes).toString('latin1');
      if (until.test(text)) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ completion: completion!, warnings, text });
      }
    };
    socket.on('connect', () => socket.write(hs.start()));
    socket.on('data', (data: Buffer) => {
      const bytes = new Uint8Array(data);
      try {
        if (completion) return take(bytes);
        const step = hs.receive(bytes);
        warnings.push(...step.warnings);
        if (step.send) socket.write(step.send);
        if (step.done) {
          completion = step.done;
          const out = afterHandshake.slice();
          completion.ciphers?.encrypt.process(out);
          socket.write(out);
          take(step.done.leftover.slice());
        }
      } catch (error) {
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`server closed; handshake ${hs.state}; got ${JSON.stringify(text.slice(0, 300))}`));
    });
  });
}
