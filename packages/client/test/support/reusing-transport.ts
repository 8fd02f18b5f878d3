// Test support: a Transport wrapper that honours `setReadBufferReuse` the strict way. With reuse
// on, each chunk it yields is its own copy that is overwritten with garbage (0xA5) as soon as the
// consumer asks for the next chunk — exactly the moment a real transport may read into that
// memory again — so any payload the client keeps past that point shows up corrupted. Chunks
// yielded with reuse off are never touched. It also counts pulls (backpressure checks) and
// writes, and records every mode change.
import type { Transport } from '@rtmp/core';

export interface ReusingTransport extends Transport {
  setReadBufferReuse(enabled: boolean): boolean;
  /** Every setReadBufferReuse() argument, in order. */
  readonly modeChanges: boolean[];
  /** True while reuse is on. */
  readonly reusing: boolean;
  /** next() calls so far. */
  readonly pulls: number;
  /** Chunks yielded in reuse mode and poisoned afterwards. */
  readonly poisoned: number;
  /** Every write, in order (copies). */
  readonly writes: Uint8Array[];
}

const POISON = 0xa5;

export function reusingTransport(inner: Transport): ReusingTransport {
  let reuse = false;
  let lent: Uint8Array | null = null;
  const modeChanges: boolean[] = [];
  const writes: Uint8Array[] = [];
  let pulls = 0;
  let poisoned = 0;
  const poisonLent = () => {
    if (lent === null) return;
    lent.fill(POISON);
    poisoned++;
    lent = null;
  };
  const wrapper: ReusingTransport = {
    kind: inner.kind,
    get modeChanges() {
      return modeChanges;
    },
    get reusing() {
      return reuse;
    },
    get pulls() {
      return pulls;
    },
    get poisoned() {
      return poisoned;
    },
    get writes() {
      return writes;
    },
    setReadBufferReuse(enabled: boolean): boolean {
      modeChanges.push(enabled);
      reuse = enabled;
      return true;
    },
    write(bytes) {
      writes.push(Uint8Array.from(bytes));
      return inner.write(bytes);
    },
    drain: () => inner.drain(),
    end: () => inner.end(),
    destroy: (reason) => inner.destroy(reason),
    closed: inner.closed,
    [Symbol.asyncIterator]() {
      const iterator = inner[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<Uint8Array>> {
          pulls++;
          poisonLent();
          const step = await iterator.next();
          if (step.done) return step;
          const copy = Uint8Array.from(step.value);
          if (reuse) lent = copy;
          return { value: copy, done: false };
        },
        async return(): Promise<IteratorResult<Uint8Array>> {
          poisonLent();
          return (await iterator.return?.()) ?? { value: undefined, done: true };
        },
      };
    },
  };
  return wrapper;
}
