/**
 * PollScheduler: when to send the next `/idle` request of an RTMPT session (protocol.md §7,
 * "Interval byte" and "Client polling"). Pure logic with an injected clock, no timers.
 *
 * Policy (the Flash Player's behaviour as far as it is documented; the unit of the interval
 * byte is UNCONFIRMED, `unitMs` = 50 ms is the common interpretation):
 * - outgoing data is pending: send at once;
 * - the last reply carried data (or nothing was polled yet): poll at once — data is flowing;
 * - after `n` consecutive empty replies: wait `initialBackoffMs * 2^(n-1)` after that reply,
 *   capped by the server's hint `max(interval, 1) * unitMs`, and by `maxDelayMs`.
 * Servers raise the interval byte while a session is idle (Red5/FMS: 1, 2, 3, 5, 9, 17, 33), so
 * the client backs off to about 1.6 s when nothing happens and snaps back on the first data.
 */
import type { Clock } from '@rtmp/core';

/** Options for {@link PollScheduler}. */
export interface PollSchedulerOptions {
  /** Monotonic milliseconds. */
  clock: Clock;
  /** Milliseconds per interval-byte step (default 50). */
  unitMs?: number;
  /** Delay after the first empty reply (default 10 ms); doubles with each further empty reply. */
  initialBackoffMs?: number;
  /** Longest delay between idle polls whatever the server says (default 2000 ms). */
  maxDelayMs?: number;
}

/** Decides the pacing of idle polls from the replies seen so far. Throws nothing. */
export class PollScheduler {
  private readonly clock: Clock;
  private readonly unitMs: number;
  private readonly initialBackoffMs: number;
  private readonly maxDelayMs: number;
  private lastReplyAt: number;
  /** The interval byte of the last reply (0 before any). */
  interval = 0;
  /** Consecutive replies without data. */
  emptyStreak = 0;

  constructor(options: PollSchedulerOptions) {
    this.clock = options.clock;
    this.unitMs = options.unitMs ?? 50;
    this.initialBackoffMs = options.initialBackoffMs ?? 10;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
    this.lastReplyAt = this.clock();
  }

  /** Records a send/idle reply: its interval byte and how many RTMP bytes it carried. */
  recordReply(interval: number, dataBytes: number): void {
    this.interval = interval;
    this.lastReplyAt = this.clock();
    this.emptyStreak = dataBytes > 0 ? 0 : this.emptyStreak + 1;
  }

  /** The delay the server's hint allows at most: `max(interval, 1) * unitMs`, within `maxDelayMs`. */
  hintCeilingMs(): number {
    return Math.min(Math.max(this.interval, 1) * this.unitMs, this.maxDelayMs);
  }

  /** Milliseconds after the last reply at which the next idle poll is due. */
  backoffMs(): number {
    if (this.emptyStreak === 0) return 0;
    const exp = Math.min(this.emptyStreak - 1, 30);
    return Math.min(this.initialBackoffMs * 2 ** exp, this.hintCeilingMs());
  }

  /**
   * How long to wait from now before the next request: 0 when `hasOutgoing`, otherwise what is
   * left of {@link backoffMs} since the last reply.
   */
  delayMs(hasOutgoing: boolean): number {
    if (hasOutgoing) return 0;
    const due = this.lastReplyAt + this.backoffMs();
    return Math.max(0, due - this.clock());
  }
}
