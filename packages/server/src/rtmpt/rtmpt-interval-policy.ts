/**
 * RtmptIntervalPolicy: the interval byte a server puts first in every RTMPT reply
 * (protocol.md §7, "Interval byte"), computed like Red5/FMS: `delay + 1`, where `delay` is 0
 * while data flows and, after more than 10 consecutive empty replies, steps 0 → 1 → 2 → 4 → ...
 * → 32, so an idle session sees 0x01, 0x02, 0x03, 0x05, 0x09, 0x11, 0x21. Any reply carrying
 * data resets it to 0x01. Pure logic, no clock.
 */

/** Options for {@link RtmptIntervalPolicy}. */
export interface RtmptIntervalPolicyOptions {
  /** Empty replies tolerated before each step up (default 10: the 11th steps). */
  emptyRepliesPerStep?: number;
  /** Largest delay value (default 32, i.e. interval byte 0x21). */
  maxDelay?: number;
}

/** Interval-byte state of one session. Throws nothing. */
export class RtmptIntervalPolicy {
  private delay = 0;
  private empties = 0;
  private readonly perStep: number;
  private readonly maxDelay: number;

  constructor(options: RtmptIntervalPolicyOptions = {}) {
    this.perStep = options.emptyRepliesPerStep ?? 10;
    this.maxDelay = options.maxDelay ?? 32;
  }

  /** The interval byte for the next reply, given whether it carries RTMP bytes. */
  next(carriesData: boolean): number {
    if (carriesData) {
      this.delay = 0;
      this.empties = 0;
    } else if (++this.empties > this.perStep) {
      this.delay = this.delay === 0 ? 1 : Math.min(this.delay * 2, this.maxDelay);
      this.empties = 0;
    }
    return this.delay + 1;
  }
}
