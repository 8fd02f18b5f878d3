/**
 * A bounded single-consumer async queue: the producer (the connection's read pump) pushes and,
 * when the queue is over its high-water mark, awaits `whenWritable()` — so a slow consumer stops
 * the pump, which stops reading the socket, which lets TCP flow control slow the server down.
 */

/** Options of {@link EventQueue}. */
export interface EventQueueOptions<T> {
  /** Queue "size" above which the producer should wait (default 1024 items, or bytes with `sizeOf`). */
  highWaterMark?: number;
  /** Size of one item (default 1 per item). */
  sizeOf?: (item: T) => number;
}

/** A bounded async queue that is also an AsyncIterable. */
export class EventQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private head = 0;
  private size = 0;
  private readonly highWaterMark: number;
  private readonly sizeOf: ((item: T) => number) | undefined;
  private ended = false;
  private error: unknown = undefined;
  private failed = false;
  private readerWake: (() => void) | undefined;
  private writerWake: (() => void) | undefined;

  constructor(options: EventQueueOptions<T> = {}) {
    this.highWaterMark = options.highWaterMark ?? 1024;
    this.sizeOf = options.sizeOf;
  }

  /** True while the queue is at or above its high-water mark. */
  get full(): boolean {
    return this.size >= this.highWaterMark;
  }

  /** True once end() or fail() was called. */
  get closed(): boolean {
    return this.ended || this.failed;
  }

  /** Adds an item (ignored after the queue closed). */
  push(item: T): void {
    if (this.closed) return;
    this.items.push(item);
    this.size += this.sizeOf ? this.sizeOf(item) : 1;
    this.wakeReader();
  }

  /** Resolves when the consumer has drained the queue below its high-water mark (or it closed). */
  whenWritable(): Promise<void> {
    if (!this.full || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.writerWake = resolve;
    });
  }

  /** No more items: the iterator ends after the queued ones. */
  end(): void {
    this.ended = true;
    this.wakeReader();
    this.wakeWriter();
  }

  /** The iterator throws `error` after the queued items. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failed = true;
    this.error = error;
    this.wakeReader();
    this.wakeWriter();
  }

  /** Drops everything queued and ends (the consumer went away). */
  discard(): void {
    this.items.length = 0;
    this.head = 0;
    this.size = 0;
    this.end();
  }

  /** Takes the next queued item without waiting, or `undefined` when none is queued. */
  takeQueued(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as T;
    this.items[this.head] = undefined as T;
    this.head++;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    }
    this.size -= this.sizeOf ? this.sizeOf(item) : 1;
    if (!this.full) this.wakeWriter();
    return item;
  }

  /** Takes the next item, waiting for one; `undefined` done-marker at the end. */
  async next(): Promise<IteratorResult<T>> {
    for (;;) {
      if (this.head < this.items.length) {
        const item = this.items[this.head] as T;
        this.items[this.head] = undefined as T;
        this.head++;
        if (this.head > 1024 && this.head * 2 > this.items.length) {
          this.items.splice(0, this.head);
          this.head = 0;
        }
        this.size -= this.sizeOf ? this.sizeOf(item) : 1;
        if (!this.full) this.wakeWriter();
        return { value: item, done: false };
      }
      if (this.failed) throw this.error;
      if (this.ended) return { value: undefined, done: true };
      await new Promise<void>((resolve) => {
        this.readerWake = resolve;
      });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: async () => {
        this.discard();
        return { value: undefined, done: true };
      },
    };
  }

  private wakeReader(): void {
    const wake = this.readerWake;
    this.readerWake = undefined;
    wake?.();
  }

  private wakeWriter(): void {
    const wake = this.writerWake;
    this.writerWake = undefined;
    wake?.();
  }
}
