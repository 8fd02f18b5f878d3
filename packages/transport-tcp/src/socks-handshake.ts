/**
 * SocksClientHandshake: the client side of a SOCKS CONNECT, sans-IO — SOCKS4 and SOCKS4a
 * (Ying-Da Lee, "SOCKS: A protocol for TCP proxy across firewalls" and "SOCKS 4A"), SOCKS5
 * (RFC 1928 §3–§6) with no authentication or user/password (RFC 1929 §2). librtmp's `socks=`
 * (`SocksNegotiate`) is SOCKS4 with a locally resolved IPv4 address.
 *
 * Bytes in, bytes out: {@link SocksClientHandshake.start} gives the first request,
 * {@link SocksClientHandshake.receive} takes whatever the proxy sent (split anywhere) and says what
 * to send next and when the tunnel is open. Replies are fixed-size or length-prefixed, so at most
 * 262 bytes are ever buffered.
 */
import { parseIPv4, parseIPv6 } from './ip-address.js';
import { TcpTransportError, TcpTransportErrorCode } from './tcp-transport-error.js';

/** What {@link SocksClientHandshake.receive} asks the caller to do. */
export interface SocksStep {
  /** Bytes to send to the proxy now, or null. */
  send: Uint8Array | null;
  /** True when the tunnel is open: from now on the connection carries the target's bytes. */
  done: boolean;
  /** Bytes that followed the final reply (they belong to the target), or null. */
  leftover: Uint8Array | null;
}

/** The request a {@link SocksClientHandshake} makes. */
export interface SocksRequest {
  /** Target host: an IPv4/IPv6 literal or a name (names need SOCKS4a or SOCKS5). */
  host: string;
  port: number;
  version: 4 | '4a' | 5;
  userId?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
}

const SOCKS4_REPLIES: Record<number, string> = {
  91: 'request rejected or failed',
  92: 'request rejected: the proxy cannot reach identd on the client',
  93: 'request rejected: identd reports a different user id',
};

const SOCKS5_REPLIES: Record<number, string> = {
  1: 'general SOCKS server failure',
  2: 'connection not allowed by ruleset',
  3: 'network unreachable',
  4: 'host unreachable',
  5: 'connection refused',
  6: 'TTL expired',
  7: 'command not supported',
  8: 'address type not supported',
};

const encoder = new TextEncoder();

function fail(message: string, details: Record<string, unknown> = {}): never {
  throw new TcpTransportError(TcpTransportErrorCode.SocksFailed, message, { details });
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw new TcpTransportError(TcpTransportErrorCode.InvalidArgument, message, { details });
}

/** A field of at most 255 bytes without NUL (host names, user names, passwords). */
function shortField(name: string, value: string, allowEmpty: boolean): Uint8Array {
  const bytes = encoder.encode(value);
  if (bytes.length > 255 || (!allowEmpty && bytes.length === 0) || bytes.includes(0))
    invalid(`SOCKS ${name} must be ${allowEmpty ? '0' : '1'}-255 bytes without NUL`, { field: name });
  return bytes;
}

type State = 'new' | 's4-reply' | 's5-method' | 's5-auth' | 's5-reply' | 'done' | 'failed';

/** The client side of one SOCKS CONNECT exchange. */
export class SocksClientHandshake {
  private state: State = 'new';
  private readonly request: SocksRequest;
  private readonly buffer = new Uint8Array(262);
  private filled = 0;
  private connectRequest: Uint8Array = new Uint8Array(0);
  private authRequest: Uint8Array | null = null;

  /** @throws {TcpTransportError} TRANSPORT_INVALID_ARGUMENT — bad port, host or credential field. */
  constructor(request: SocksRequest) {
    if (!Number.isInteger(request.port) || request.port < 1 || request.port > 65535)
      invalid(`SOCKS target port ${request.port} is not 1-65535`, { port: request.port });
    if (request.host.length === 0) invalid('SOCKS target host is empty', { host: request.host });
    this.request = request;
  }

  /** True once the tunnel is open. */
  get done(): boolean {
    return this.state === 'done';
  }

  /**
   * The first bytes to send: the SOCKS4 request or the SOCKS5 method offer.
   * @throws {TcpTransportError} TRANSPORT_INVALID_ARGUMENT — SOCKS4 with a target that is not an
   * IPv4 literal, a name/user/password over 255 bytes or with NUL, an empty SOCKS5 user name; TRANSPORT_SOCKS_FAILED — called twice.
   */
  start(): Uint8Array {
    if (this.state !== 'new') fail('SOCKS handshake already started');
    const { version } = this.request;
    if (version === 5) {
      // Encode everything now, so a bad field fails before any byte is sent.
      this.connectRequest = this.socks5Connect();
      const withAuth = this.request.username !== undefined || this.request.password !== undefined;
      if (withAuth) this.authRequest = this.socks5Auth();
      this.state = 's5-method';
      return withAuth ? Uint8Array.of(5, 2, 0, 2) : Uint8Array.of(5, 1, 0);
    }
    this.state = 's4-reply';
    return this.socks4Request(version === '4a');
  }

  private socks4Request(allowName: boolean): Uint8Array {
    const { host, port } = this.request;
    const userId = shortField('user id', this.request.userId ?? '', true);
    const ip = parseIPv4(host);
    let name: Uint8Array | null = null;
    if (ip && ip[0] === 0 && ip[1] === 0 && ip[2] === 0 && ip[3] !== 0)
      invalid(`SOCKS4 cannot address ${host}: 0.0.0.x means "host name follows" (SOCKS4a)`, { host });
    if (!ip) {
      if (!allowName || parseIPv6(host))
        invalid(`SOCKS4 needs an IPv4 address, got ${host} (use SOCKS4a or SOCKS5 for names)`, { host });
      name = shortField('host name', host, false);
    }
    const out = new Uint8Array(9 + userId.length + (name ? name.length + 1 : 0));
    out[0] = 4;
    out[1] = 1; // CONNECT
    out[2] = port >> 8;
    out[3] = port & 0xff;
    if (ip) out.set(ip, 4);
    else out[7] = 1; // 0.0.0.x with x != 0: SOCKS4a "name follows"
    out.set(userId, 8);
    if (name) out.set(name, 9 + userId.length);
    return out;
  }

  private socks5Connect(): Uint8Array {
    const { host, port } = this.request;
    const ip4 = parseIPv4(host);
    const ip6 = ip4 ? null : parseIPv6(host);
    const name = ip4 || ip6 ? null : shortField('host name', host, false);
    const addressLength = ip4 ? 4 : ip6 ? 16 : 1 + (name as Uint8Array).length;
    const out = new Uint8Array(6 + addressLength);
    out.set([5, 1, 0, ip4 ? 1 : ip6 ? 4 : 3]);
    if (ip4) out.set(ip4, 4);
    else if (ip6) out.set(ip6, 4);
    else {
      out[4] = (name as Uint8Array).length;
      out.set(name as Uint8Array, 5);
    }
    out[4 + addressLength] = port >> 8;
    out[5 + addressLength] = port & 0xff;
    return out;
  }

  private socks5Auth(): Uint8Array {
    const user = shortField('user name', this.request.username ?? '', false);
    const pass = shortField('password', this.request.password ?? '', true);
    const out = new Uint8Array(3 + user.length + pass.length);
    out[0] = 1;
    out[1] = user.length;
    out.set(user, 2);
    out[2 + user.length] = pass.length;
    out.set(pass, 3 + user.length);
    return out;
  }

  /** How many reply bytes the current state needs in total (given what is buffered). */
  private needed(): number {
    switch (this.state) {
      case 's4-reply':
        return 8;
      case 's5-method':
      case 's5-auth':
        return 2;
      case 's5-reply': {
        if (this.filled < 5) return 5;
        const atyp = this.buffer[3];
        if (atyp === 1) return 10;
        if (atyp === 4) return 22;
        if (atyp === 3) return 7 + (this.buffer[4] as number);
        return fail(`SOCKS5 reply has unknown address type ${atyp}`, { addressType: atyp });
      }
      default:
        return 0;
    }
  }

  /**
   * Takes bytes from the proxy. Returns what to send next and whether the tunnel is open.
   * @throws {TcpTransportError} TRANSPORT_SOCKS_FAILED — the proxy refused (`details.replyCode`,
   * `details.version`), chose no acceptable method, rejected the credentials, or sent malformed
   * bytes; also when called before {@link start} or after a failure.
   */
  receive(bytes: Uint8Array): SocksStep {
    if (this.state === 'new' || this.state === 'failed') fail(`SOCKS handshake is ${this.state}`);
    if (this.state === 'done') return { send: null, done: true, leftover: bytes.length > 0 ? bytes : null };
    try {
      return this.consume(bytes);
    } catch (error) {
      this.state = 'failed';
      throw error;
    }
  }

  private consume(bytes: Uint8Array): SocksStep {
    let offset = 0;
    let send: Uint8Array | null = null;
    while (this.state !== 'done') {
      let needed = this.needed();
      while (this.filled < needed && offset < bytes.length) {
        const take = Math.min(needed - this.filled, bytes.length - offset);
        this.buffer.set(bytes.subarray(offset, offset + take), this.filled);
        this.filled += take;
        offset += take;
        this.checkEarly();
        needed = this.needed();
      }
      if (this.filled < needed) return { send, done: false, leftover: null };
      const next = this.onReply();
      this.filled = 0;
      if (next) send = send ? concat2(send, next) : next;
    }
    return { send, done: true, leftover: offset < bytes.length ? bytes.subarray(offset) : null };
  }

  /** Fails as soon as the first two bytes show a refusal (proxies often close right after). */
  private checkEarly(): void {
    if (this.filled < 2) return;
    const b0 = this.buffer[0] as number;
    const b1 = this.buffer[1] as number;
    if (this.state === 's4-reply') {
      if (b0 !== 0 && b0 !== 4) fail(`SOCKS4 reply has version ${b0}, expected 0`, { version: b0 });
      if (b1 !== 90)
        fail(`SOCKS4 proxy: ${SOCKS4_REPLIES[b1] ?? 'unknown reply'} (reply code ${b1})`, {
          version: 4,
          replyCode: b1,
        });
    } else if (this.state === 's5-reply') {
      if (b0 !== 5) fail(`SOCKS5 reply has version ${b0}, expected 5`, { version: b0 });
      if (b1 !== 0)
        fail(`SOCKS5 proxy: ${SOCKS5_REPLIES[b1] ?? 'unknown reply'} (reply code ${b1})`, {
          version: 5,
          replyCode: b1,
        });
    }
  }

  private onReply(): Uint8Array | null {
    const b0 = this.buffer[0] as number;
    const b1 = this.buffer[1] as number;
    switch (this.state) {
      case 's4-reply':
      case 's5-reply':
        this.state = 'done';
        return null;
      case 's5-method':
        if (b0 !== 5) fail(`SOCKS5 method reply has version ${b0}, expected 5`, { version: b0 });
        if (b1 === 0) {
          this.state = 's5-reply';
          return this.connectRequest;
        }
        if (b1 === 2 && this.authRequest) {
          this.state = 's5-auth';
          return this.authRequest;
        }
        return fail(
          b1 === 0xff
            ? 'SOCKS5 proxy accepts none of the offered authentication methods'
            : `SOCKS5 proxy chose an authentication method that was not offered (${b1})`,
          { version: 5, method: b1 },
        );
      case 's5-auth':
        if (b0 !== 1 && b0 !== 5) fail(`SOCKS5 auth reply has version ${b0}, expected 1`, { version: b0 });
        if (b1 !== 0)
          fail(`SOCKS5 proxy rejected the user name/password (status ${b1})`, { version: 5, authStatus: b1 });
        this.state = 's5-reply';
        return this.connectRequest;
      default:
        return fail(`SOCKS handshake is ${this.state}`);
    }
  }
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
