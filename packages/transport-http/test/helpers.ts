/**
 * Test helpers: a scripted RTMPT server on 127.0.0.1 (node:http) that records every request and
 * counts requests still in flight, and timers that count what is still pending — together they
 * show that a transport leaves no request or timer behind after `closed`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TimerHost } from './exports.js';

export interface SeenRequest {
  method: string;
  url: string;
  body: Buffer;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void;

export interface ScriptedServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  /** Requests whose response has not finished or been torn down. */
  inFlight(): number;
  /** TCP connections accepted so far (keep-alive reuses them). */
  connections(): number;
  close(): Promise<void>;
}

export async function scriptedServer(handler: Handler): Promise<ScriptedServer> {
  let open = 0;
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    open++;
    res.on('close', () => open--);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        body: Buffer.concat(parts),
        headers: req.headers,
      };
      seen.push(r);
      handler(r, res);
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `rtmpt://127.0.0.1:${port}/app`,
    port,
    seen,
    inFlight: () => open,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Replies 200 application/x-fcs with the given body. */
export function fcs(res: ServerResponse, body: Uint8Array | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body);
  res
    .writeHead(200, { 'Content-Type': 'application/x-fcs', 'Content-Length': String(bytes.length) })
    .end(bytes);
}

/** A minimal well-behaved RTMPT server: echoes every send back in the next reply. */
export function echoHandler(id = 'sess42'): Handler {
  let pending = Buffer.alloc(0);
  return (req, res) => {
    if (req.url === '/open/1') return fcs(res, `${id}\n`);
    if (req.url.startsWith('/send/')) pending = Buffer.concat([pending, req.body]);
    if (req.url.startsWith('/close/')) return fcs(res, Uint8Array.of(0));
    const out = Buffer.concat([Buffer.of(1), pending]);
    pending = Buffer.alloc(0);
    fcs(res, out);
  };
}

/** Timers that remember which are pending. */
export function countingTimers(): TimerHost & { pending(): number } {
  const active = new Set<unknown>();
  return {
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        active.delete(handle);
        callback();
      }, ms);
      active.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      active.delete(handle);
      clearTimeout(handle as NodeJS.Timeout);
    },
    pending: () => active.size,
  };
}

/** Collects what a transport yields until it ends; returns the bytes and the error, if any. */
export async function collect(
  iterable: AsyncIterable<Uint8Array>,
  until?: number,
): Promise<{ bytes: Buffer; error: unknown }> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of iterable) {
      parts.push(Buffer.from(chunk));
      size += chunk.length;
      if (until !== undefined && size >= until) break;
    }
  } catch (error) {
    return { bytes: Buffer.concat(parts), error };
  }
  return { bytes: Buffer.concat(parts), error: undefined };
}

/** Waits until `cond()` holds (polling every 5 ms, at most `ms`). */
export async function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
