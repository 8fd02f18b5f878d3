/**
 * RtmptGatewaySession: one RTMPT session of the gateway (protocol.md §7) — the TCP connection
 * to the upstream RTMP server, the bytes it sent that no reply has carried yet (bounded: the
 * upstream socket is paused above `maxPendingBytes`), the sequence check, and the queue of
 * send/idle replies not yet answered.
 *
 * Replies carry the server→client bytes, and clients consume them in request order (librtmp,
 * FFmpeg), so the queue hands the bytes out in request order: a reply is answered only once every
 * earlier reply of the session has been. The first reply in the queue waits while it is a `/send`
 * waiting for the upstream to drain (back-pressure), or, when it is the last one and nothing is
 * pending, up to `holdMs` for upstream data (a held reply); a later request releases a held reply.
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
  /**
   * Most send/idle replies queued unanswered (default 1024); the gateway drops a session whose
   * client posts more (`RtmptGatewayOptions.maxQueuedReplies`).
   */
  maxQueuedReplies?: number;
}

/** What a sequence number check decided. */
export type SeqVerdict = 'ok' | 'replayed' | 'gap';

/** A send/idle reply waiting for its turn. */
interface QueuedReply {
  readonly res: ServerResponse;
  /** An `/idle`: the client's receive buffer is empty before this reply (the framing restarts). */
  readonly bufferEmpty: boolean;
  /** A `/send` answered only once the upstream has drained (back-pressure). */
  draining: boolean;
  /** Answered even without data: its hold ran out, or it was flushed. */
  released: boolean;
  /** The hold timer, once it waited as the last reply with nothing pending. */
  timer: NodeJS.Timeout | undefined;
  /** Answered, or its connection closed: out of the queue. */
  done: boolean;
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
  /** Unanswered replies in request order (at most `maxQueuedReplies`, enforced by the gateway). */
  private readonly replies: QueuedReply[] = [];
  /** The first reply while it is held waiting for upstream data. */
  private held: QueuedReply | null = null;
  private pumping = false;
  private pumpAgain = false;
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
    upstream.on('drain', () => {
      for (const queued of this.replies) queued.draining = false;
      this.pump();
    });
    upstream.on('close', () => {
      this.upstreamClosed = true;
      this.pump();
    });
  }

  /** Bytes received from upstream and not yet replied. */
  get pendingLength(): number {
    return this.pendingBytes;
  }

  /** True while a reply is held open waiting for data (not while one waits for the upstream to drain). */
  get holding(): boolean {
    return this.held !== null;
  }

  /** Send/idle replies not answered yet. */
  get queuedReplies(): number {
    return this.replies.length;
  }

  /** True when no more replies may be queued (`maxQueuedReplies`): the gateway drops the session. */
  get replyQueueFull(): boolean {
    return this.replies.length >= (this.limits.maxQueuedReplies ?? 1024);
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
   * the client (more than `maxPendingBytes` unsent: answer with `reply(res, false, true)`), or
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

  /**
   * Calls `then` once the upstream accepted its queued bytes (or closed). Not for replies: a
   * reply sent from `then` could overtake a later request's; `reply(res, false, true)` waits for
   * the drain in its place in the queue.
   */
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
   * Queues the reply to a send/idle request; replies are answered in the order they are queued
   * (request order), each with the upstream bytes pending when its turn comes. The first reply
   * is answered at once when bytes are pending, the upstream is gone or a later reply is queued;
   * otherwise it is held up to `holdMs` for upstream data. `bufferEmpty`: the client has read
   * every earlier reply (an `/idle`), so its receive buffer starts afresh with this reply (see
   * {@link RtmptReplyFraming}). `afterDrain`: a `/send` that made the upstream fall behind
   * (`sendUpstream` → `'full'`): this reply, and every later one, waits until the upstream has
   * drained (or closed).
   */
  reply(res: ServerResponse, bufferEmpty = false, afterDrain = false): void {
    const queued: QueuedReply = {
      res,
      bufferEmpty,
      // Without a pending drain (the upstream below its high-water mark) no 'drain' will come.
      draining: afterDrain && !this.upstreamClosed && this.upstream.writableNeedDrain,
      released: false,
      timer: undefined,
      done: false,
    };
    this.replies.push(queued);
    res.on('close', () => {
      // The client went away before its turn: the reply takes no bytes, the next one moves up.
      if (queued.done) return;
      this.dequeue(queued);
      this.pump();
    });
    this.pump();
  }

  /** Answers every queued reply now, in order, without waiting for data or for a drain. */
  flushHeld(): void {
    for (const queued of this.replies) {
      queued.draining = false;
      queued.released = true;
    }
    this.pump();
  }

  /** Ends the session: answers the queued replies (pending bytes, then 404), closes the upstream. */
  destroy(): void {
    this.upstreamClosed = true;
    this.pump();
    this.pending.length = 0;
    this.pendingHead = 0;
    this.pendingBytes = 0;
    this.upstream.destroy();
  }

  /** Answers queued replies from the first on, as far as their turn has come. Reentrant-safe. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        this.answerReady();
      } while (this.pumpAgain);
    } finally {
      this.pumping = false;
    }
  }

  private answerReady(): void {
    for (;;) {
      const first = this.replies[0];
      if (first === undefined) return;
      if (first.res.writableEnded || first.res.destroyed) {
        this.dequeue(first);
        continue;
      }
      if (first.draining && !this.upstreamClosed) return;
      const wait =
        this.replies.length === 1 &&
        !first.released &&
        this.pendingBytes === 0 &&
        !this.upstreamClosed &&
        this.limits.holdMs > 0;
      if (wait) {
        this.hold(first);
        return;
      }
      this.dequeue(first);
      if (first.bufferEmpty) this.framing.restart();
      this.respond(first.res);
    }
  }

  private hold(queued: QueuedReply): void {
    this.held = queued;
    if (queued.timer !== undefined) return;
    queued.timer = setTimeout(() => {
      queued.released = true;
      this.pump();
    }, this.limits.holdMs);
  }

  private dequeue(queued: QueuedReply): void {
    queued.done = true;
    clearTimeout(queued.timer);
    if (this.held === queued) this.held = null;
    const at = this.replies.indexOf(queued);
    if (at >= 0) this.replies.splice(at, 1);
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
        this.pump();
      });
    }
  }
}

const EMPTY = Buffer.alloc(0);
