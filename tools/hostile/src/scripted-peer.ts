/**
 * ScriptedPeer: one accepted connection of a hostile server, driven by a script. It can read and
 * write raw bytes at any pace, or run a well-behaved @rtmp/session ServerSession (RTMP spec 5–7)
 * up to a point of the script's choosing and misbehave from there.
 */
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerSession, type ServerSessionEvent, type ServerSessionOptions } from '@rtmp/session';

/** A deterministic RandomSource (xorshift32): hostile runs are reproducible. */
export function seededRandom(seed = 1): (target: Uint8Array) => void {
  let state = seed >>> 0 || 1;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      target[i] = state & 0xff;
    }
  };
}

/** What {@link ScriptedPeer.serveUntil} does with requests on its way. */
export interface ServePolicy {
  /** Accept connect automatically (default true). */
  acceptConnect?: boolean;
  /** Accept play automatically (default true). */
  acceptPlay?: boolean;
}

/** The play the well-behaved part accepted. */
export interface AcceptedPlay {
  streamId: number;
  name: string;
}

/** A connection under a script's control. Reads never wait longer than `readTimeoutMs`. */
export class ScriptedPeer {
  readonly socket: Socket;
  readonly events: ServerSessionEvent[] = [];
  session: ServerSession;
  /** Chunk size the session announced (raw chunks must be framed with it). */
  readonly chunkSize: number;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private wake: (() => void) | undefined;
  /** Bytes received and discarded by {@link drainForever}. */
  discarded = 0;

  constructor(
    socket: Socket,
    sessionOptions: Partial<ServerSessionOptions> = {},
    private readonly readTimeoutMs = 10_000,
  ) {
    this.socket = socket;
    this.chunkSize = sessionOptions.chunkSize ?? 4096;
    this.session = new ServerSession({ random: seededRandom(11), ...sessionOptions });
    socket.on('data', (data: Buffer) => {
      this.queue.push(data);
      this.queued += data.length;
      this.wake?.();
    });
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** True once the client closed or reset the connection. */
  get closed(): boolean {
    return this.ended || this.socket.destroyed;
  }

  private async waitData(): Promise<boolean> {
    if (this.queue.length > 0) return true;
    if (this.ended) return false;
    const timer = sleep(this.readTimeoutMs).then(() => 'timeout' as const);
    const woke = new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    await Promise.race([woke, timer]);
    this.wake = undefined;
    return this.queue.length > 0;
  }

  /** Whatever arrived next (empty when the peer closed or nothing came in time). */
  async readSome(): Promise<Buffer> {
    if (!(await this.waitData())) return Buffer.alloc(0);
    const data = this.queue.shift() as Buffer;
    this.queued -= data.length;
    return data;
  }

  /** Exactly `n` bytes, or fewer if the peer closed / went silent. */
  async read(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const data = await this.readSome();
      if (data.length === 0) break;
      if (have + data.length > n) {
        const keep = n - have;
        parts.push(data.subarray(0, keep));
        this.queue.unshift(data.subarray(keep));
        this.queued += data.length - keep;
        have = n;
      } else {
        parts.push(data);
        have += data.length;
      }
    }
    return Buffer.concat(parts);
  }

  /** Writes bytes; resolves once they are handed to the kernel (or the socket is gone). */
  write(bytes: Uint8Array): Promise<void> {
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.write(bytes, () => resolve());
    });
  }

  /** Writes bytes one at a time, `intervalMs` apart, until done, the peer closes or `signal` fires. */
  async trickle(bytes: Uint8Array, intervalMs: number, signal?: AbortSignal): Promise<number> {
    let sent = 0;
    for (const byte of bytes) {
      if (this.closed || signal?.aborted) break;
      await this.write(Uint8Array.of(byte));
      sent++;
      await sleep(intervalMs);
    }
    return sent;
  }

  /** Reads and throws away everything until the peer closes (keeps the client's writes flowing). */
  drainForever(): void {
    this.socket.removeAllListeners('data');
    this.queue.length = 0;
    this.socket.on('data', (data: Buffer) => {
      this.discarded += data.length;
    });
  }

  /**
   * Runs the well-behaved ServerSession on incoming bytes until an event matches `until`
   * (accepting connect and play on the way unless the policy says otherwise). Resolves with
   * that event, or undefined if the client went away first.
   */
  async serveUntil(
    until: (event: ServerSessionEvent) => boolean,
    policy: ServePolicy = {},
  ): Promise<ServerSessionEvent | undefined> {
    for (;;) {
      const data = await this.readSome();
      if (data.length === 0) return undefined;
      const found = await this.apply(this.session.receive(data), until, policy);
      if (found) return found;
    }
  }

  /** Serves until the client's play request, accepts it, and returns the stream. */
  async serveToPlay(): Promise<AcceptedPlay | undefined> {
    const event = await this.serveUntil((e) => e.type === 'play-requested');
    if (event?.type !== 'play-requested') return undefined;
    return { streamId: event.streamId, name: event.name };
  }

  /** Writes a session's outputs and handles its events. */
  async apply(
    outputs: ReturnType<ServerSession['receive']>,
    until: (event: ServerSessionEvent) => boolean = () => false,
    policy: ServePolicy = {},
  ): Promise<ServerSessionEvent | undefined> {
    let found: ServerSessionEvent | undefined;
    for (const output of outputs) {
      if (output.type === 'send') {
        await this.write(output.bytes);
        continue;
      }
      const event = output.event;
      this.events.push(event);
      if (event.type === 'connect-requested' && policy.acceptConnect !== false)
        await this.apply(this.session.acceptConnect());
      else if (event.type === 'play-requested' && policy.acceptPlay !== false)
        await this.apply(this.session.acceptPlay(event.streamId, event.name, { recorded: true }));
      if (!found && until(event)) found = event;
    }
    return found;
  }

  /** Encodes one media message through the session (the client sees a normal stream). */
  media(streamId: number, typeId: 8 | 9 | 18, timestamp: number, payload: Uint8Array): Promise<void> {
    return this.write(this.session.encodeMedia(streamId, typeId, timestamp, payload));
  }

  /** Sends `count` small video messages, 40 ms of media time apart, starting at `from`. */
  async mediaRun(streamId: number, count: number, from = 0): Promise<void> {
    for (let i = 0; i < count; i++) await this.media(streamId, 9, from + i * 40, videoPayload(i));
  }

  /** Half-close: FIN after what was written. */
  end(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) resolve();
      else this.socket.end(() => resolve());
    });
  }

  /** TCP RST at once. */
  reset(): void {
    if (!this.socket.destroyed) this.socket.resetAndDestroy();
  }
}

/** A small AVC-looking video payload: key frame for i = 0, inter frames after. */
export function videoPayload(i: number, size = 200): Uint8Array {
  const payload = new Uint8Array(size);
  payload[0] = i === 0 ? 0x17 : 0x27;
  payload[1] = 0x01;
  for (let j = 5; j < size; j++) payload[j] = (i * 31 + j) & 0xff;
  return payload;
}
