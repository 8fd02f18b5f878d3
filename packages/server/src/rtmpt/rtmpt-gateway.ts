/**
 * RtmptGateway: an HTTP server that speaks the server side of RTMPT (protocol.md §7) and relays
 * every session to a TCP RTMP server. `POST /open/1` opens an upstream connection and answers the
 * session id; `/send/<id>/<seq>` forwards its body upstream; send and idle replies carry the
 * interval byte (Red5/FMS style, see {@link RtmptIntervalPolicy}) and whatever the upstream sent
 * meanwhile, handed out in request order (see {@link RtmptGatewaySession}); `/close` ends the
 * session. Sessions without requests for `sessionTimeoutMs` are reaped; request bodies, replies,
 * per-session buffers and unanswered replies are bounded.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as connectTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { SecureVersion } from 'node:tls';
import { RtmpError } from '@rtmp/core';
import { RtmptGatewaySession } from './rtmpt-gateway-session.js';
import { parseRtmptPath } from './rtmpt-path.js';
import { listenTlsBridge, type TlsBridge } from './rtmpt-tls-bridge.js';

/** Options for {@link RtmptGateway}. */
export interface RtmptGatewayOptions {
  /** The RTMP server every session is relayed to. */
  upstream: { host: string; port: number };
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: an ephemeral port, see {@link RtmptGateway.port}). */
  port?: number;
  /**
   * Serve HTTPS (RTMPTS) with this PEM key and certificate instead of plain HTTP (see
   * rtmpt-tls-bridge.ts). librtmp 2.4 (GnuTLS) crashes on RTMPTS over TLS 1.3: set
   * `maxVersion: 'TLSv1.2'` to serve rtmpdump.
   */
  tls?: {
    key: string | Buffer;
    cert: string | Buffer;
    minVersion?: SecureVersion;
    maxVersion?: SecureVersion;
  };
  /** Most concurrent sessions; `/open/1` beyond it is answered 503 (default 1000). */
  maxSessions?: number;
  /** A session without requests for this long is closed (default 30000 ms). */
  sessionTimeoutMs?: number;
  /** Largest request body; larger requests get 413 and lose their connection (default 4 MiB). */
  maxRequestBytes?: number;
  /** Most RTMP bytes in one reply (default 1 MiB). */
  maxResponseBytes?: number;
  /**
   * Keep every reply, HTTP head included, within 15871 bytes (default false), so that rtmpdump
   * (librtmp 2.4) can never lose a reply head at the end of its 16 KiB receive buffer, whatever
   * its reads: see `RtmptReplyFraming` and the package README, "Known issue". Costs a
   * request per ~15.7 KB of download (rtmpdump on loopback: about 60 % of the throughput).
   */
  librtmpSafe?: boolean;
  /** Upstream bytes buffered per session before the upstream socket is paused (default 4 MiB). */
  maxPendingBytes?: number;
  /**
   * Most unanswered send/idle requests per session (replies wait for earlier ones, e.g. behind a
   * `/send` held for back-pressure); one more is answered 503 and the session dropped (default 1024).
   */
  maxQueuedReplies?: number;
  /** How long an empty send/idle reply is held waiting for upstream data (default 100 ms; 0 answers at once). */
  holdMs?: number;
  /** Timeout of the upstream TCP connect during `/open/1`, answered 502 (default 10000 ms). */
  upstreamConnectTimeoutMs?: number;
  /** Reject sequence gaps as well as replays (default true). */
  strictSequence?: boolean;
  /** Called for every request once its body is read (for logs and tests). */
  trace?: (event: RtmptTraceEvent) => void;
}

/** One request as seen by the gateway, for {@link RtmptGatewayOptions.trace}. */
export interface RtmptTraceEvent {
  method: string;
  url: string;
  /** Request body (a view valid during the callback only). */
  body: Uint8Array;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Counters of a gateway. */
export interface RtmptGatewayStats {
  sessionsOpened: number;
  sessionsReaped: number;
  requests: number;
  rejected: number;
  /** HTTP parse errors and connections dropped by the HTTP layer. */
  clientErrors: number;
  /** The code of the last client error (e.g. `HPE_INVALID_METHOD`), for diagnostics. */
  lastClientError: string | undefined;
}

/** Error codes of the gateway. */
export const RtmptGatewayErrorCode = {
  /** `listen()` failed (address in use, permission). */
  Listen: 'SERVER_RTMPT_LISTEN',
} as const;

const PLAIN_404 = { 'Content-Type': 'text/plain', 'Content-Length': '0' };

/** The RTMPT → RTMP gateway. Start it with {@link RtmptGateway.listen}. */
export class RtmptGateway {
  /** Counters. */
  readonly stats: RtmptGatewayStats = {
    sessionsOpened: 0,
    sessionsReaped: 0,
    requests: 0,
    rejected: 0,
    clientErrors: 0,
    lastClientError: undefined,
  };
  private readonly server: Server;
  private readonly sessions = new Map<string, RtmptGatewaySession>();
  private readonly opening = new Set<Socket>();
  private readonly ending = new Set<RtmptGatewaySession>();
  private readonly opts: Required<Omit<RtmptGatewayOptions, 'upstream' | 'host' | 'port' | 'trace' | 'tls'>>;
  private reaper: NodeJS.Timeout | undefined;
  private tlsBridge: TlsBridge | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly options: RtmptGatewayOptions) {
    this.opts = {
      maxSessions: options.maxSessions ?? 1000,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
      maxRequestBytes: options.maxRequestBytes ?? 4 * 1024 * 1024,
      maxResponseBytes: options.maxResponseBytes ?? 1024 * 1024,
      librtmpSafe: options.librtmpSafe ?? false,
      maxPendingBytes: options.maxPendingBytes ?? 4 * 1024 * 1024,
      maxQueuedReplies: options.maxQueuedReplies ?? 1024,
      holdMs: options.holdMs ?? 100,
      upstreamConnectTimeoutMs: options.upstreamConnectTimeoutMs ?? 10_000,
      strictSequence: options.strictSequence ?? true,
    };
    this.server = createServer({ keepAliveTimeout: this.opts.sessionTimeoutMs }, (req, res) =>
      this.onRequest(req, res),
    );
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      this.stats.clientErrors++;
      this.stats.lastClientError = error.code ?? error.message;
      if (socket.writable && error.code !== 'ECONNRESET') {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      }
      socket.destroy();
    });
  }

  /**
   * Starts a gateway listening on `options.host` (127.0.0.1) and `options.port` (ephemeral).
   * @throws {RtmpError} SERVER_RTMPT_LISTEN — the server could not listen.
   */
  static async listen(options: RtmptGatewayOptions): Promise<RtmptGateway> {
    const gateway = new RtmptGateway(options);
    const host = options.host ?? '127.0.0.1';
    const fail = (cause: Error) =>
      new RtmpError(RtmptGatewayErrorCode.Listen, `RTMPT gateway cannot listen: ${cause.message}`, { cause });
    // With TLS the HTTP server listens on an ephemeral loopback port behind the TLS bridge.
    const httpHost = options.tls === undefined ? host : '127.0.0.1';
    const httpPort = options.tls === undefined ? (options.port ?? 0) : 0;
    await new Promise<void>((resolve, reject) => {
      gateway.server.once('error', (cause) => reject(fail(cause)));
      gateway.server.listen(httpPort, httpHost, () => resolve());
    });
    if (options.tls !== undefined) {
      try {
        gateway.tlsBridge = await listenTlsBridge(options.tls, host, options.port ?? 0, gateway.httpPort);
      } catch (cause) {
        await gateway.close();
        throw fail(cause as Error);
      }
    }
    const every = Math.max(50, Math.min(5000, Math.floor(gateway.opts.sessionTimeoutMs / 2)));
    gateway.reaper = setInterval(() => gateway.reap(), every);
    gateway.reaper.unref();
    return gateway;
  }

  /** The port the gateway listens on (the TLS port with `tls`). */
  get port(): number {
    if (this.tlsBridge !== undefined) {
      const address = this.tlsBridge.server.address();
      return typeof address === 'object' && address !== null ? address.port : 0;
    }
    return this.httpPort;
  }

  private get httpPort(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Sessions currently open. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Closes every session and the server; resolves when all sockets are gone. Never rejects. */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    clearInterval(this.reaper);
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    for (const socket of this.opening) socket.destroy();
    for (const session of this.ending) session.destroy();
    const httpClosed = new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    this.closing = Promise.all([httpClosed, this.tlsBridge?.close()]).then(() => undefined);
    return this.closing;
  }

  /** Closes sessions idle for longer than `sessionTimeoutMs`. Returns how many. */
  reap(now = performance.now()): number {
    let count = 0;
    for (const session of this.sessions.values()) {
      if (!session.holding && now - session.lastSeen > this.opts.sessionTimeoutMs) {
        this.drop(session);
        count++;
      }
    }
    this.stats.sessionsReaped += count;
    return count;
  }

  private drop(session: RtmptGatewaySession): void {
    if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    session.destroy();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.stats.requests++;
    const path = parseRtmptPath(req.url ?? '');
    if (req.method !== 'POST' || path === null || this.closing !== undefined) {
      this.reject(res, path === null || this.closing !== undefined ? 404 : 405);
      req.resume();
      return;
    }
    this.readBody(req, res, (body) => {
      this.options.trace?.({ method: req.method ?? '', url: req.url ?? '', body, headers: req.headers });
      if (path.command === 'ident') {
        // Flash Player's probe; servers commonly answer 404 and clients ignore it.
        this.reject(res, 404);
      } else if (path.command === 'open') {
        this.open(res);
      } else {
        const session = this.sessions.get(path.sessionId);
        if (session === undefined) {
          this.reject(res, 404);
          return;
        }
        session.lastSeen = performance.now();
        session.stats.requests++;
        const verdict = session.checkSeq(path.seq);
        if (verdict !== 'ok') {
          this.reject(res, 400);
          return;
        }
        if (path.command === 'close') {
          // Earlier replies first, in order, without waiting for data or a drain.
          session.flushHeld();
          this.sessions.delete(session.id);
          res
            .writeHead(200, { 'Content-Type': 'application/x-fcs', 'Content-Length': '1' })
            .end(Buffer.of(0));
          // Let the upstream see a clean FIN; force it shut if it lingers (or on gateway close).
          session.upstream.end();
          this.ending.add(session);
          const timer = setTimeout(() => session.destroy(), 1000);
          session.upstream.once('close', () => {
            clearTimeout(timer);
            this.ending.delete(session);
          });
          return;
        }
        if (session.replyQueueFull) {
          this.reject(res, 503);
          this.drop(session);
          return;
        }
        const sent = path.command === 'send' ? session.sendUpstream(body) : 'ok';
        if (sent === 'overflow') {
          this.reject(res, 503);
          this.drop(session);
        } else {
          // Replies take the upstream's bytes in request order. After 'full' (back-pressure: the
          // client waits for this reply before sending more) this one, and those queued behind
          // it, wait for the upstream to drain. librtmp posts /idle only once it has read every
          // reply and has none outstanding.
          session.reply(res, path.command === 'idle', sent === 'full');
        }
      }
    });
  }

  private readBody(req: IncomingMessage, res: ServerResponse, then: (body: Buffer) => void): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.opts.maxRequestBytes) {
      this.reject(res, 413, true);
      req.destroy();
      return;
    }
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.opts.maxRequestBytes) {
        this.reject(res, 413, true);
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (size <= this.opts.maxRequestBytes)
        then(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size));
    });
    req.on('error', () => undefined);
  }

  private open(res: ServerResponse): void {
    if (this.sessions.size + this.opening.size >= this.opts.maxSessions) {
      this.reject(res, 503);
      return;
    }
    const { host, port } = this.options.upstream;
    const socket = connectTcp({ host, port, noDelay: true });
    this.opening.add(socket);
    const timer = setTimeout(
      () => socket.destroy(new Error('upstream connect timeout')),
      this.opts.upstreamConnectTimeoutMs,
    );
    const fail = (): void => {
      clearTimeout(timer);
      this.opening.delete(socket);
      this.reject(res, 502);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      this.opening.delete(socket);
      if (this.closing !== undefined || res.destroyed) {
        socket.destroy();
        if (!res.destroyed) this.reject(res, 503);
        return;
      }
      let id = randomBytes(8).toString('hex');
      while (this.sessions.has(id)) id = randomBytes(8).toString('hex');
      const session = new RtmptGatewaySession(
        id,
        socket,
        {
          maxPendingBytes: this.opts.maxPendingBytes,
          maxQueuedReplies: this.opts.maxQueuedReplies,
          maxResponseBytes: this.opts.maxResponseBytes,
          librtmpSafe: this.opts.librtmpSafe,
          holdMs: this.opts.holdMs,
          strictSequence: this.opts.strictSequence,
        },
        performance.now(),
        (gone) => this.drop(gone),
      );
      this.sessions.set(id, session);
      this.stats.sessionsOpened++;
      const body = Buffer.from(`${id}\n`, 'latin1');
      res
        .writeHead(200, {
          'Content-Type': 'application/x-fcs',
          'Content-Length': String(body.length),
          'Cache-Control': 'no-cache',
          Connection: 'Keep-Alive',
        })
        .end(body);
    });
  }

  private reject(res: ServerResponse, status: number, closeConnection = false): void {
    this.stats.rejected++;
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, closeConnection ? { ...PLAIN_404, Connection: 'close' } : PLAIN_404).end();
  }
}
