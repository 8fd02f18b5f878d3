/**
 * RtmptGatewaySession: one RTMPT session of the gateway (protocol.md §7) — the TCP connection
 * to the upstream RTMP server, the bytes it sent that no reply has carried yet (bounded: the
 * upstream socket is paused above `maxPendingBytes`), the sequence check, and at most one held
 * reply waiting for upstream data.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { RtmptIntervalPolicy } from './rtmpt-interval-policy.js';
import { RtmptReplyFraming } from './rtmpt-reply-framing.js';

/** Limits a session works with (from the gateway's options). */
export interface RtmptSessionLimits {
  maxPendingBytes: number;
  maxResponseBytes: number;
  /** Replies within librtmp's buffer, head included (`RtmptGatewayOptions.librtmpSafe`). */
  librtmpSafe?: boolean;
  holdMs: number;
  strictSequence: boolean;
}

/** What a sequence number check decided. */
export type SeqVerdict = 'ok' | 'replayed' | 'gap';

interface HeldReply {
  res: ServerResponse;
  timer: NodeJS.Timeout;
}

/** One tunnelled session. Used by {@link RtmptGateway}; throws nothing. */
export class RtmptGatewaySession {
  /** Monotonic ms of the last request (for reaping). */
  lastSeen: number;
  /** Set once the upstream connection ended or failed. */
  upstreamClosed = false;
  /** Why the upstream connection ended, when it failed. */
  upstreamError: Error | undefined;
  /** Counters. */
  readonly stats = { requests: 0, bytesUp: 0, bytesDown: 0 };

  private lastSeq = -1;
  private readonly pending: Buffer[] = [];
  private pendingHead = 0;
  private headOffset = 0;
  private pendingBytes = 0;
  private paused = false;
  private held: HeldReply | null = null;
  private flushQueued = false;
  private readonly interval = new RtmptIntervalPolicy();
  /** Reply sizes that keep every reply head whole in librtmp's receive buffer. */
  private readonly framing: RtmptReplyFraming;

  constructor(
    readonly id: string,
    readonly upstream: Socket,
    private readonly limits: RtmptSessionLimits,
    now: number,
    private readonly onGone: (session: RtmptGatewaySession) => void,
  ) {
    this.lastSeen = now;
    this.framing = new RtmptReplyFraming({ short: limits.librtmpSafe ?? false });
    upstream.on('data', (chunk: Buffer) => this.onUpstreamData(chunk));
    upstream.on('error', (error) => {
      this.upstreamError = error;
    });
    upstream.on('close', () => {
      this.upstreamClosed = true;
      this.flushHeld();
    });
  }

  /** Bytes received from upstream and not yet replied. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  /** True while a reply is held open waiting for data. */
  get holding(): boolean {
    return this.held !== null;
  }

  /**
   * Checks a request's sequence number: the first may be 0 or 1 (librtmp and FFmpeg start at
   * 0), then each must be the previous plus one (`gap` is accepted when not strict).
   */
  checkSeq(seq: number): SeqVerdict {
    if (this.lastSeq < 0) {
      if (seq > 1 && this.limits.strictSequence) return 'gap';
    } else if (seq <= this.lastSeq) {
      return 'replayed';
    } else if (seq !== this.lastSeq + 1 && this.limits.strictSequence) {
      return 'gap';
    }
    this.lastSeq = seq;
    return 'ok';
  }

  /**
   * Forwards a `/send` body upstream. Returns `'ok'`, `'full'` when the upstream is slower than
   * the client (more than `maxPendingBytes` unsent: reply after {@link whenDrained}), or
   * `'overflow'` past four times that (the session must be dropped).
   */
  sendUpstream(body: Buffer): 'ok' | 'full' | 'overflow' {
    if (body.length === 0 || this.upstreamClosed) return 'ok';
    this.stats.bytesUp += body.length;
    this.upstream.write(body);
    const queued = this.upstream.writableLength;
    if (queued > 4 * this.limits.maxPendingBytes) return 'overflow';
    return queued > this.limits.maxPendingBytes ? 'full' : 'ok';
  }

  /** Calls `then` once the upstream accepted its queued bytes (or closed). */
  whenDrained(then: () => void): void {
    let done = false;
    const once = (): void => {
      if (done) return;
      done = true;
      this.upstream.off('drain', once);
      this.upstream.off('close', once);
      then();
    };
    this.upstream.on('drain', once);
    this.upstream.on('close', once);
  }

  /**
   * Answers a send/idle request: at once when bytes are pending (or the upstream is gone),
   * otherwise held up to `holdMs` for upstream data. A request arriving while another is held
   * releases the held one first (replies on one connection go out in order). `bufferEmpty`: the
   * client has read every earlier reply (an `/idle`), so its receive buffer starts afresh with
   * this reply (see {@link RtmptReplyFraming}).
   */
  reply(res: ServerResponse, bufferEmpty = false): void {
    this.flushHeld();
    if (bufferEmpty) this.framing.restart();
    if (this.pendingBytes > 0 || this.upstreamClosed || this.limits.holdMs <= 0) {
      this.respond(res);
      return;
    }
    const timer = setTimeout(() => this.flushHeld(), this.limits.holdMs);
    this.held = { res, timer };
    res.on('close', () => {
      if (this.held?.res === res) {
        clearTimeout(this.held.timer);
        this.held = null;
      }
    });
  }

  /** Sends the held reply now, if any. */
  flushHeld(): void {
    const held = this.held;
    if (held === null) return;
    this.held = null;
    clearTimeout(held.timer);
    this.respond(held.res);
  }

  /** Ends the session: answers a held reply, closes the upstream connection. */
  destroy(): void {
    this.upstreamClosed = true;
    this.flushHeld();
    this.pending.length = 0;
    this.pendingHead = 0;
    this.pendingBytes = 0;
    this.upstream.destroy();
  }

  private respond(res: ServerResponse): void {
    if (res.writableEnded || res.destroyed) return;
    if (this.pendingBytes === 0 && this.upstreamClosed) {
      // Everything upstream sent has been delivered: the session is over.
      res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': '0' }).end();
      this.onGone(this);
      return;
    }
    const plan = this.framing.next(
      Math.min(this.pendingBytes, this.limits.maxResponseBytes),
      new Date().toUTCString(),
    );
    const n = plan.body;
    const head = Buffer.of(this.interval.next(n > 0));
    res.writeHead(200, plan.headers);
    res.cork();
    res.write(head);
    let left = n;
    while (left > 0) {
      const chunk = this.pending[this.pendingHead] as Buffer;
      const avail = chunk.length - this.headOffset;
      const take = Math.min(avail, left);
      res.write(chunk.subarray(this.headOffset, this.headOffset + take));
      left -= take;
      if (take === avail) {
        this.pending[this.pendingHead++] = EMPTY;
        this.headOffset = 0;
      } else {
        this.headOffset += take;
      }
    }
    res.uncork();
    res.end();
    if (this.pendingHead > 256 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
    this.pendingBytes -= n;
    this.stats.bytesDown += n;
    if (this.paused && this.pendingBytes <= this.limits.maxPendingBytes / 2) {
      this.paused = false;
      this.upstream.resume();
    }
  }

  private onUpstreamData(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (!this.paused && this.pendingBytes > this.limits.maxPendingBytes) {
      this.paused = true;
      this.upstream.pause();
    }
    if (this.held !== null && !this.flushQueued) {
      // Let the rest of this TCP burst arrive before answering.
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        this.flushHeld();
      });
    }
  }
}

const EMPTY = Buffer.alloc(0);
