/**
 * A scripted RTMPT client that reads replies the way librtmp 2.4 does (protocol.md §7), written
 * from its observable behaviour, for tests of the gateway's reply framing:
 * - one TCP connection; `HTTP_Post`-style requests, a single sequence counter, an unacknowledged
 *   request count; `/idle` only when it needs bytes, has nothing buffered and nothing outstanding;
 * - a 16384-byte receive buffer of which 16383 bytes are usable, refilled from its start only once
 *   it is empty (otherwise appended after what it holds);
 * - a reply header is parsed in place and needs the whole header plus one body byte (the interval
 *   byte) in the buffer; more bytes are read while it is incomplete;
 * - a read into a buffer with no free space asks the socket for 0 bytes, gets 0, and takes that
 *   for the end of the connection (the client gives up: {@link LibrtmpRtmptClient.readN} → null).
 * Like a client slower than the server, every refill waits until the free space can be filled,
 * unless every request's reply has arrived whole (or the stream stays quiet for `settleMs`,
 * default 500 ms): the buffer is filled to its end whenever the bytes are there, which is when a
 * reply header can straddle its end. `readCap` makes some reads
 * shorter, as when the network has delivered only part of a reply (librtmp then restarts its
 * buffer wherever that read ended).
 */
import { connect, type Socket } from 'node:net';

/** Usable bytes of librtmp's receive buffer (RTMP_BUFFER_CACHE_SIZE − 1). */
export const LIBRTMP_WINDOW = 16383;

/** What the scripted client observed. */
export interface LibrtmpClientStats {
  /** Replies parsed (open included). */
  replies: number;
  /** Replies whose header was parsed behind bytes of an earlier reply in the same buffer fill. */
  headersBehindData: number;
  /** Reads into a full buffer (recv of 0 bytes): librtmp closes the session there. */
  zeroSpaceReads: number;
  /** Stream offset (bytes received before it) of every reply header. */
  headerOffsets: number[];
  /** Offset in the stream of the start of each buffer window (a refill of an empty buffer). */
  windowStarts: number[];
  /** Requests posted while a reply was still being read (librtmp's acknowledgements). */
  pipelined: number;
  requests: string[];
}

export class LibrtmpRtmptClient {
  readonly stats: LibrtmpClientStats = {
    replies: 0,
    headersBehindData: 0,
    zeroSpaceReads: 0,
    headerOffsets: [],
    windowStarts: [],
    pipelined: 0,
    requests: [],
  };
  private readonly buf = new Uint8Array(LIBRTMP_WINDOW + 1);
  private start = 0;
  private size = 0;
  /** Stream offset of buf[0]. */
  private bufBase = 0;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private consumed = 0;
  private ended = false;
  /** Requests posted, and replies that have arrived whole (scanned as bytes come in). */
  private posted = 0;
  private arrived = 0;
  private scanHead = '';
  private scanBody = -1;
  private wake: (() => void) | undefined;
  private clientId: string | undefined;
  private seq = 0;
  private unacked = 0;
  private resplen = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly settleMs: number,
    private readonly readCap: (space: number) => number,
  ) {
    socket.on('data', (d: Buffer) => {
      this.queue.push(d);
      this.queued += d.length;
      this.scan(d);
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  /**
   * Connects to `port` on 127.0.0.1 and opens a session (`/open/1`). `readCap(space)`: the most
   * bytes one read takes (default: all the free space).
   */
  static async open(
    port: number,
    options: { settleMs?: number | undefined; readCap?: ((space: number) => number) | undefined } = {},
  ): Promise<LibrtmpRtmptClient> {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new LibrtmpRtmptClient(
      socket,
      options.settleMs ?? 500,
      options.readCap ?? ((space) => space),
    );
    client.post('open', Uint8Array.of(0));
    for (;;) {
      const r = client.parseReply();
      if (r === 'bad') throw new Error('open: not a 200 reply');
      if (r === 'done') break;
      if ((await client.fill()) < 1) throw new Error('open: connection closed');
    }
    client.seq = 0;
    return client;
  }

  /** Writes one request (header, then body) without waiting for its reply. */
  post(command: 'open' | 'send' | 'idle' | 'close', body: Uint8Array): void {
    const path = command === 'open' ? '/open/1' : `/${command}/${this.clientId}/${this.seq++}`;
    this.stats.requests.push(path);
    if (this.resplen > 0) this.stats.pipelined++;
    this.socket.write(
      `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\nUser-Agent: Shockwave Flash\r\n` +
        `Connection: Keep-Alive\r\nCache-Control: no-cache\r\nContent-type: application/x-fcs\r\n` +
        `Content-length: ${body.length}\r\n\r\n`,
    );
    this.socket.write(body);
    this.unacked++;
    this.posted++;
  }

  /**
   * Reads exactly `n` tunnelled bytes, posting `/idle` when it needs a reply and has none
   * outstanding. Null where librtmp would give up (a read that returns nothing, a reply that is
   * not `200`).
   */
  async readN(n: number): Promise<Uint8Array | null> {
    const out = new Uint8Array(n);
    let at = 0;
    while (at < n) {
      let refill = false;
      while (this.resplen === 0) {
        if (this.size < 13 || refill) {
          if (this.unacked === 0) this.post('idle', Uint8Array.of(0));
          if ((await this.fill()) < 1) return null;
        }
        const r = this.parseReply();
        if (r === 'bad') return null;
        refill = r === 'more';
      }
      if (this.size === 0) await this.fill();
      const take = Math.min(n - at, this.size, this.resplen);
      if (take === 0) return null;
      out.set(this.buf.subarray(this.start, this.start + take), at);
      at += take;
      this.start += take;
      this.size -= take;
      this.resplen -= take;
    }
    return out;
  }

  /** Sends `/close` and closes the connection without reading the reply (as librtmp does). */
  close(): void {
    if (!this.socket.destroyed) {
      this.post('close', Uint8Array.of(0));
      this.socket.destroy();
    }
  }

  private parseReply(): 'done' | 'more' | 'bad' {
    if (this.size < 13) return 'more';
    const text = Buffer.from(this.buf.buffer, this.start, this.size).toString('latin1');
    if (!text.startsWith('HTTP/1.1 200 ')) return 'bad';
    const headEnd = text.indexOf('\r\n\r\n');
    if (headEnd < 0) return 'more';
    const m = /content-length:\s*(\d+)/i.exec(text.slice(0, headEnd));
    if (m === null) return 'bad';
    const length = Number(m[1]);
    const bodyAt = headEnd + 4;
    if (bodyAt + (this.clientId === undefined ? length : 1) > this.size) return 'more';
    this.stats.replies++;
    const offset = this.bufBase + this.start;
    this.stats.headerOffsets.push(offset);
    if (offset > (this.stats.windowStarts.at(-1) ?? 0)) this.stats.headersBehindData++;
    this.unacked--;
    if (this.clientId === undefined) {
      this.clientId = text.slice(bodyAt, bodyAt + length).trimEnd();
      this.size = 0;
      return 'done';
    }
    this.start += bodyAt + 1;
    this.size -= bodyAt + 1;
    this.resplen = length - 1;
    return 'done';
  }

  /** One socket read into the free space at the end of the buffer (0: "closed"). */
  private async fill(): Promise<number> {
    if (this.size === 0) this.start = 0;
    const space = LIBRTMP_WINDOW - this.size - this.start;
    if (space === 0) {
      this.stats.zeroSpaceReads++;
      return 0;
    }
    await this.waitFor(space);
    if (this.queued === 0) return 0;
    if (this.size === 0) {
      this.bufBase = this.consumed;
      this.stats.windowStarts.push(this.consumed);
    }
    const got = Math.min(space, this.queued, Math.max(1, this.readCap(space)));
    let want = got;
    let at = this.start + this.size;
    while (want > 0) {
      const head = this.queue[0] as Buffer;
      const take = Math.min(want, head.length);
      this.buf.set(head.subarray(0, take), at);
      at += take;
      want -= take;
      if (take === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(take);
      this.queued -= take;
      this.size += take;
      this.consumed += take;
    }
    return got;
  }

  /** Counts replies that have arrived whole (independently of the librtmp-style buffer). */
  private scan(d: Buffer): void {
    let at = 0;
    while (at < d.length) {
      if (this.scanBody < 0) {
        const text = this.scanHead + d.toString('latin1', at, Math.min(d.length, at + 2048));
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) {
          this.scanHead = text;
          at = Math.min(d.length, at + 2048);
          continue;
        }
        at += end + 4 - this.scanHead.length;
        this.scanBody = Number(/content-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
        this.scanHead = '';
      }
      const take = Math.min(this.scanBody, d.length - at);
      at += take;
      this.scanBody -= take;
      if (this.scanBody === 0) {
        this.arrived++;
        this.scanBody = -1;
      }
    }
  }

  private async waitFor(space: number): Promise<void> {
    while (this.queued < space && !this.ended && this.arrived < this.posted) {
      const before = this.queued;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settleMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      if (this.queued === before && this.queued > 0) return; // quiet: take what is there
    }
  }
}
