/**
 * The mutation engine (AFL/libFuzzer-style havoc without coverage): bit flips, interesting
 * values, inserts, deletes, duplications, splices with other corpus entries, truncation —
 * stacked 1-8 per input, from a seeded PRNG so every run is reproducible from its seed.
 */

/** xorshift128+ reduced to 32 bits: fast, seedable, good enough for mutation choices. */
export class Prng {
  private a: number;
  private b: number;
  constructor(seed: number) {
    this.a = (seed ^ 0x9e3779b9) >>> 0 || 1;
    this.b = (seed * 0x85ebca6b) >>> 0 || 2;
  }
  /** A uint32. */
  next(): number {
    let x = this.a;
    const y = this.b;
    this.a = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    this.b = x >>> 0;
    return (this.a + this.b) >>> 0;
  }
  /** 0..n-1 */
  below(n: number): number {
    return n <= 1 ? 0 : this.next() % n;
  }
}

const INTERESTING_8 = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x10, 0x40, 0x3f, 0xc0, 0x09, 0x05];
const INTERESTING_32 = [
  0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0xffffff, 0x1000000, 0x7fffffff, 0x80000000,
  0xffffffff,
];

/** Mutates inputs; `splice` sources come from the corpus it is given. */
export class Mutator {
  constructor(
    private readonly rng: Prng,
    private readonly maxLength = 1 << 16,
  ) {}

  /** A mutated copy of `input` (1-8 stacked mutations). */
  mutate(input: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
    let data: Uint8Array = input.slice();
    const rounds = 1 + this.rng.below(8);
    for (let r = 0; r < rounds; r++) data = this.once(data, corpus);
    return data.length > this.maxLength ? data.subarray(0, this.maxLength) : data;
  }

  private once(data: Uint8Array, corpus: readonly Uint8Array[]): Uint8Array {
    const rng = this.rng;
    const len = data.length;
    switch (rng.below(11)) {
      case 0: // bit flip
        if (len > 0) {
          const at = rng.below(len);
          data[at] = (data[at] as number) ^ (1 << rng.below(8));
        }
        return data;
      case 1: // random byte
        if (len > 0) data[rng.below(len)] = rng.below(256);
        return data;
      case 2: // interesting byte
        if (len > 0) data[rng.below(len)] = INTERESTING_8[rng.below(INTERESTING_8.length)] as number;
        return data;
      case 3: {
        // interesting 16/24/32-bit value, big- or little-endian
        const width = 2 + rng.below(3);
        if (len < width) return data;
        const at = rng.below(len - width + 1);
        const value = INTERESTING_32[rng.below(INTERESTING_32.length)] as number;
        const little = rng.below(2) === 0;
        for (let i = 0; i < width; i++) {
          const shift = 8 * (little ? i : width - 1 - i);
          data[at + i] = Math.floor(value / 2 ** shift) & 0xff;
        }
        return data;
      }
      case 4: {
        // add/subtract a small amount
        if (len === 0) return data;
        const at = rng.below(len);
        data[at] = (data[at] as number) + (rng.below(2) ? 1 : -1) * (1 + rng.below(16));
        return data;
      }
      case 5: {
        // insert random bytes
        const n = 1 + rng.below(16);
        const at = rng.below(len + 1);
        const out = new Uint8Array(len + n);
        out.set(data.subarray(0, at));
        for (let i = 0; i < n; i++) out[at + i] = rng.below(256);
        out.set(data.subarray(at), at + n);
        return out;
      }
      case 6: {
        // delete a range
        if (len < 2) return data;
        const at = rng.below(len);
        const n = 1 + rng.below(Math.min(64, len - at));
        const out = new Uint8Array(len - n);
        out.set(data.subarray(0, at));
        out.set(data.subarray(at + n), at);
        return out;
      }
      case 7: {
        // duplicate a range
        if (len === 0) return data;
        const at = rng.below(len);
        const n = 1 + rng.below(Math.min(256, len - at));
        const out = new Uint8Array(len + n);
        out.set(data.subarray(0, at + n));
        out.set(data.subarray(at), at + n);
        return out;
      }
      case 8: {
        // splice: our head + another entry's tail
        const other = corpus[rng.below(corpus.length)];
        if (!other || other.length === 0) return data;
        const cut = rng.below(len + 1);
        const from = rng.below(other.length);
        const out = new Uint8Array(cut + other.length - from);
        out.set(data.subarray(0, cut));
        out.set(other.subarray(from), cut);
        return out;
      }
      case 9: // truncate
        return len > 0 ? data.subarray(0, rng.below(len)) : data;
      default: {
        // overwrite a range with a copy from elsewhere in the input
        if (len < 4) return data;
        const from = rng.below(len);
        const to = rng.below(len);
        const n = 1 + rng.below(Math.min(32, len - Math.max(from, to)));
        data.copyWithin(to, from, from + n);
        return data;
      }
    }
  }
}
