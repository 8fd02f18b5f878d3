// Test support: a small SOCKS4 / SOCKS4a / SOCKS5 proxy written from the protocol documents
// (SOCKS4 + 4A by Ying-Da Lee, RFC 1928, RFC 1929) independently of the client code, so the
// tests check the client's bytes against a separate reading of the spec.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SocksRequestSeen {
  version: 4 | 5;
  /** Every byte the client sent before the tunnel opened. */
  raw: Buffer;
  host: string;
  port: number;
  /** SOCKS4 "name follows" form (SOCKS4a). */
  socks4a?: boolean;
  userId?: string;
  /** SOCKS5 methods offered. */
  methods?: number[];
  addressType?: number;
  username?: string;
  password?: string;
}

export interface SocksProxyOptions {
  /** Never answer anything (for connect timeouts). */
  silent?: boolean;
  /** Answer the connect request with this reply code instead of connecting (SOCKS4: 91-93, SOCKS5: 1-8). */
  rejectWith?: number;
  /** SOCKS5: require user/password authentication with these credentials. */
  credentials?: { username: string; password: string };
  /** Send these bytes right after the success reply (misbehaving proxy). */
  extraAfterReply?: Buffer;
  /** Close the connection after reading the request, without answering. */
  hangUp?: boolean;
  /** Reply in pieces of this many bytes (split replies). */
  replyChunk?: number;
}

export interface SocksProxy {
  port: number;
  requests: SocksRequestSeen[];
  close(): Promise<void>;
}

class Input {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | null = null;
  ended = false;
  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
  }
  async take(n: number): Promise<Buffer> {
    while (this.buffer.length < n) {
      if (this.ended) throw new Error('client closed');
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = null;
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
  async takeUntilNul(): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (;;) {
      const byte = await this.take(1);
      if (byte[0] === 0) return Buffer.concat(parts);
      parts.push(Buffer.from(byte));
    }
  }
  rest(): Buffer {
    const out = this.buffer;
    this.buffer = Buffer.alloc(0);
    return out;
  }
}

function ipv6Text(bytes: Buffer): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  return groups.join(':');
}

async function send(socket: Socket, bytes: Buffer, chunk: number | undefined): Promise<void> {
  if (!chunk) {
    socket.write(bytes);
    return;
  }
  for (let i = 0; i < bytes.length; i += chunk) {
    socket.write(bytes.subarray(i, i + chunk));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function serve(
  client: Socket,
  options: SocksProxyOptions,
  requests: SocksRequestSeen[],
): Promise<void> {
  const input = new Input(client);
  const raw: Buffer[] = [];
  const take = async (n: number) => {
    const b = await input.take(n);
    raw.push(Buffer.from(b));
    return b;
  };
  const version = (await take(1))[0];
  let seen: SocksRequestSeen;
  let success: Buffer;
  let failure: (code: number) => Buffer;
  if (version === 4) {
    const head = await take(7);
    const port = head.readUInt16BE(1);
    const ip = [...head.subarray(3, 7)];
    const userId = await input.takeUntilNul();
    raw.push(Buffer.concat([userId, Buffer.of(0)]));
    const socks4a = ip[0] === 0 && ip[1] === 0 && ip[2] === 0 && ip[3] !== 0;
    let host = ip.join('.');
    if (socks4a) {
      const name = await input.takeUntilNul();
      raw.push(Buffer.concat([name, Buffer.of(0)]));
      host = name.toString('utf8');
    }
    seen = { version: 4, raw: Buffer.alloc(0), host, port, socks4a, userId: userId.toString('utf8') };
    if (head[0] !== 1) throw new Error(`SOCKS4 command ${head[0]}`);
    success = Buffer.of(0, 90, 0, 0, 0, 0, 0, 0);
    failure = (code) => Buffer.of(0, code, 0, 0, 0, 0, 0, 0);
  } else if (version === 5) {
    const count = (await take(1))[0] as number;
    const methods = [...(await take(count))];
    seen = { version: 5, raw: Buffer.alloc(0), host: '', port: 0, methods };
    if (options.silent) return;
    if (options.credentials) {
      if (!methods.includes(2)) {
        client.end(Buffer.of(5, 0xff));
        requests.push({ ...seen, raw: Buffer.concat(raw) });
        return;
      }
      client.write(Buffer.of(5, 2));
      const authVersion = (await take(1))[0];
      if (authVersion !== 1) throw new Error(`auth version ${authVersion}`);
      const user = await take((await take(1))[0] as number);
      const pass = await take((await take(1))[0] as number);
      seen.username = user.toString('utf8');
      seen.password = pass.toString('utf8');
      const ok =
        seen.username === options.credentials.username && seen.password === options.credentials.password;
      if (!ok) {
        client.end(Buffer.of(1, 1));
        requests.push({ ...seen, raw: Buffer.concat(raw) });
        return;
      }
      client.write(Buffer.of(1, 0));
    } else {
      if (!methods.includes(0)) {
        client.end(Buffer.of(5, 0xff));
        return;
      }
      client.write(Buffer.of(5, 0));
    }
    const head = await take(4);
    if (head[0] !== 5 || head[1] !== 1 || head[2] !== 0)
      throw new Error(`bad SOCKS5 request ${head.toString('hex')}`);
    seen.addressType = head[3] as number;
    if (head[3] === 1) seen.host = [...(await take(4))].join('.');
    else if (head[3] === 4) seen.host = ipv6Text(await take(16));
    else if (head[3] === 3) seen.host = (await take((await take(1))[0] as number)).toString('utf8');
    else throw new Error(`address type ${head[3]}`);
    seen.port = (await take(2)).readUInt16BE(0);
    // BND.ADDR as a domain name, to exercise the client's variable-length reply parsing.
    success = Buffer.from([5, 0, 0, 3, 9, ...Buffer.from('proxy.lan'), 0x04, 0x38]);
    failure = (code) => Buffer.of(5, code, 0, 1, 0, 0, 0, 0, 0, 0);
  } else {
    client.destroy();
    return;
  }
  seen.raw = Buffer.concat(raw);
  requests.push(seen);
  if (options.silent) return;
  if (options.hangUp) {
    client.destroy();
    return;
  }
  if (options.rejectWith !== undefined) {
    await send(client, failure(options.rejectWith), options.replyChunk);
    client.end();
    return;
  }
  const host = seen.host === 'localhost' ? '127.0.0.1' : seen.host;
  const upstream = connect({ host, port: seen.port });
  const connected = await new Promise<boolean>((resolve) => {
    upstream.once('connect', () => resolve(true));
    upstream.once('error', () => resolve(false));
  });
  if (!connected) {
    await send(client, failure(version === 4 ? 91 : 5), undefined);
    client.end();
    return;
  }
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  await send(client, success, options.replyChunk);
  if (options.extraAfterReply) client.write(options.extraAfterReply);
  const early = input.rest();
  if (early.length > 0) upstream.write(early);
  client.removeAllListeners('data');
  client.pipe(upstream);
  upstream.pipe(client);
  client.on('close', () => upstream.destroy());
  upstream.on('close', () => client.destroy());
}

/** Starts the proxy on 127.0.0.1:0. */
export async function startSocksProxy(options: SocksProxyOptions = {}): Promise<SocksProxy> {
  const requests: SocksRequestSeen[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    serve(client, options, requests).catch(() => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    port: address.port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
