/**
 * The {@link Amf3ExternalInput} given to externalizable handlers (AMF3 specification §3.12).
 * Internal.
 */

import type { Amf3ExternalInput } from './amf3-externalizable.js';
import type { Amf3Reader } from './amf3-reader.js';

/** Reads from the decoder's current position, in the same reference context. */
export class ExternalInput implements Amf3ExternalInput {
  constructor(
    private readonly r: Amf3Reader,
    private readonly depth: number,
    readonly lossless: boolean,
    private readonly read: (r: Amf3Reader, depth: number) => unknown,
  ) {}

  readValue(): unknown {
    return this.read(this.r, this.depth);
  }

  readU8(): number {
    return this.r.u8();
  }

  readU32(): number {
    return this.r.u32();
  }

  readDouble(): number {
    return this.r.f64();
  }

  readBytes(length: number): Uint8Array {
    const r = this.r;
    r.checkLength(length);
    const bytes = r.bytes.slice(r.pos, r.pos + length);
    r.pos += length;
    return bytes;
  }
}
