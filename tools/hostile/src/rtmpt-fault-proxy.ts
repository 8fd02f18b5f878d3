/**
 * A misbehaving RTMPT front (protocol.md §7: `/open/1`, `/send|idle/<id>/<seq>`, `/close/<id>`):
 * relays requests to a real RTMPT gateway and, once enough RTMP bytes went down, breaks the
 * HTTP layer — a 500 answer, or the session id swapped for another (the server "forgot" it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** How the front breaks, once `afterBytes` response bytes were relayed. */
export type RtmptFault = 'status-500' | 'session-id-changes' | 'wrong-content-type';

/** A running fault front. */
export interface RtmptFaultProxy {
  readonly port: number;
  /** Requests relayed / broken so far. */
  readonly stats: { relayed: number; broken: number; bytesDown: number };
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Starts a front on 127.0.0.1 relaying to `gatewayPort`. */
export async function startRtmptFaultProxy(
  gatewayPort: number,
  fault: RtmptFault,
  afterBytes: number,
): Promise<RtmptFaultProxy> {
  const stats = { relayed: 0, broken: 0, bytesDown: 0 };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    let url = req.url ?? '/';
    const broken = stats.bytesDown >= afterBytes && !url.startsWith('/open/');
    if (broken) {
      stats.broken++;
      if (fault === 'status-500') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
        return;
      }
      if (fault === 'session-id-changes') url = url.replace(/^\/(send|idle|close)\/[^/]+/, '/$1/0123456789');
    }
    const upstream = await fetch(`http://127.0.0.1:${gatewayPort}${url}`, {
      method: req.method ?? 'POST',
      headers: { 'content-type': 'application/x-fcs' },
      ...(req.method === 'GET' ? {} : { body: new Uint8Array(body) }),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (!url.startsWith('/open/')) stats.bytesDown += Math.max(0, answer.length - 1);
    stats.relayed++;
    const contentType =
      broken && fault === 'wrong-content-type'
        ? 'text/html'
        : (upstream.headers.get('content-type') ?? 'application/x-fcs');
    res.writeHead(upstream.status, { 'content-type': contentType, 'cache-control': 'no-cache' }).end(answer);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
