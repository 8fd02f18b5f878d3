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
  /** Negative controls: change S0+S1+S2 before it is sent. */
  mutateAnswer?: (answer: Uint8Array) => void,
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
          if (step.send) {
            mutateAnswer?.(step.send);
            socket.write(step.send);
          }
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

/** A set of peers running in a private network namespace, reachable through a Unix socket. */
export interface NetnsPeers {
  /** Unix socket relayed to 127.0.0.1:1935 inside the namespace. */
  socketPath: string;
  /** Scratch directory (the namespace's working directory). */
  dir: string;
  /** Everything the namespace's processes printed so far. */
  log(): string;
  stop(): void;
}

/**
 * Runs `setup` (shell, may start background peers that bind 0.0.0.0:1935) inside `unshare -n`
 * with `lo` up, plus a Node relay from a Unix socket to 127.0.0.1:1935, so this process can
 * reach the namespace's loopback. Returns undefined (after a loud warning; an error in CI) when
 * namespaces are not available. Every process is bounded by `timeout` and killed by `stop()`.
 */
export async function startNetnsPeers(name: string, setup: string): Promise<NetnsPeers | undefined> {
  const { spawn } = await import('node:child_process');
  const { existsSync, mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { unshareAvailable } = await import('@rtmp/test-peers');
  if (!unshareAvailable()) {
    if (process.env.CI) throw new Error('unshare -n does not work here (needs root)');
    console.warn(`\n!!! SKIPPED ${name} interop: unshare -n does not work here\n`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), `rtmp-hs-${name}-`));
  const socketPath = join(dir, 'relay.sock');
  const relay =
    "const net = require('node:net'); net.createServer((c) => { const u = net.connect(1935, '127.0.0.1');" +
    " c.pipe(u); u.pipe(c); c.on('error', () => u.destroy()); u.on('error', () => c.destroy()); })" +
    '.listen(process.argv[1]);';
  const script = `set -e; ip link set lo up; cd ${dir}
    ${setup}
    for i in $(seq 100); do ss -ltn | grep -q ':1935 ' && break; sleep 0.1; done
    exec timeout --foreground 170 node -e "${relay}" ${socketPath}`;
  // detached: its own process group, so stop() reaches every peer started in the namespace.
  const child = spawn('unshare', ['-n', 'sh', '-c', script], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => {
    log += d;
  });
  child.stderr?.on('data', (d) => {
    log += d;
  });
  for (let i = 0; i < 100 && !existsSync(socketPath); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(socketPath)) throw new Error(`${name}: namespace peers did not start: ${log}`);
  return {
    socketPath,
    dir,
    log: () => log,
    stop: () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL'); // the process group started above
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
