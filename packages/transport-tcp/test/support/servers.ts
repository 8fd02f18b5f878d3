// Test support: in-process TCP/TLS servers on 127.0.0.1:0 and a leak check.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';

export interface TestServer<S extends Socket = Socket> {
  port: number;
  /** Resolves with the next accepted connection. */
  accepted(): Promise<S>;
  close(): Promise<void>;
}

function wrap<S extends Socket>(server: Server, event: string): Promise<TestServer<S>> {
  const sockets = new Set<S>();
  const backlog: S[] = [];
  let waiter: ((socket: S) => void) | null = null;
  server.on(event, (socket: S) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    if (waiter) {
      const w = waiter;
      waiter = null;
      w(socket);
    } else backlog.push(socket);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        accepted: () => {
          const next = backlog.shift();
          if (next) return Promise.resolve(next);
          return new Promise((r) => {
            waiter = r;
          });
        },
        close: () =>
          new Promise<void>((r) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}

/** A plain TCP server; `onConnection` may be omitted (then use `accepted()`). */
export function tcpServer(
  onConnection?: (socket: Socket) => void,
  options: { allowHalfOpen?: boolean } = {},
): Promise<TestServer> {
  const server = createServer(options);
  if (onConnection) server.on('connection', onConnection);
  return wrap(server, 'connection');
}

/** An echo server. */
export function echoServer(): Promise<TestServer> {
  return tcpServer((socket) => socket.pipe(socket));
}

export interface Certificates {
  ca: string;
  cert: string;
  key: string;
  /** A self-signed certificate (no CA) for 127.0.0.1/localhost. */
  selfCert: string;
  selfKey: string;
}

let certs: Certificates | undefined;

/** A throw-away CA + server certificate (IP 127.0.0.1, ::1, DNS localhost) and a self-signed one, via openssl. */
export function testCertificates(): Certificates {
  if (certs) return certs;
  const dir = mkdtempSync(join(tmpdir(), 'rtmp-tcp-certs-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const san = 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost';
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=transport-tcp test CA',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=localhost',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  );
  writeFileSync(join(dir, 'san.cnf'), `${san}\n`);
  ssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    'san.cnf',
    '-out',
    'server.pem',
  );
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=localhost',
    '-addext',
    san,
    '-keyout',
    'self.key',
    '-out',
    'self.pem',
  );
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  certs = {
    ca: read('ca.pem'),
    cert: read('server.pem'),
    key: read('server.key'),
    selfCert: read('self.pem'),
    selfKey: read('self.key'),
  };
  return certs;
}

/** A TLS server with the CA-signed certificate (or the self-signed one). */
export function tlsServer(
  onConnection?: (socket: TLSSocket) => void,
  which: 'ca-signed' | 'self-signed' = 'ca-signed',
): Promise<TestServer<TLSSocket>> {
  const c = testCertificates();
  const server = createTlsServer(
    which === 'ca-signed' ? { cert: c.cert, key: c.key } : { cert: c.selfCert, key: c.selfKey },
  );
  server.on('tlsClientError', () => {});
  if (onConnection) server.on('secureConnection', onConnection);
  return wrap(server as unknown as Server, 'secureConnection');
}

/** Handle/timer kinds that must not outlive a closed transport. */
const WATCHED = new Set(['TCPSocketWrap', 'TLSWrap', 'Timeout', 'GetAddrInfoReqWrap', 'TCPConnectWrap']);

/** Counts of the watched active resources (process.getActiveResourcesInfo()). */
export function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo())
    if (WATCHED.has(name)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** Resources present now beyond the counts in `before` (what the code under test left running). */
export function excessResources(before: Record<string, number>): Record<string, number> {
  const excess: Record<string, number> = {};
  for (const [name, count] of Object.entries(activeResources())) {
    if (count > (before[name] ?? 0)) excess[name] = count - (before[name] ?? 0);
  }
  return excess;
}

/** Waits (bounded, ~1 s) until nothing is left beyond `before`; returns what is still left. */
export async function settledResources(before: Record<string, number>): Promise<Record<string, number>> {
  let excess = excessResources(before);
  for (let i = 0; i < 50 && Object.keys(excess).length > 0; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    excess = excessResources(before);
  }
  return excess;
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
