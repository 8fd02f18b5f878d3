import { describe, expect, it } from 'vitest';
import {
  Amf0Decoder,
  Amf0Encoder,
  decodeAmf0,
  decodeAmf0Lossless,
  encodeAmf0,
  encodeAmf0Lossless,
} from '../src/index.js';
import { hex, toHex } from './fixtures/hex.js';
import { specVectors } from './fixtures/spec-vectors.js';

describe('AMF0 golden vectors from the specification', () => {
  for (const vector of specVectors) {
    it(`decodes ${vector.name}`, () => {
      expect(decodeAmf0(vector.bytes)).toEqual(vector.decoded);
    });
    it(`lossless round trip of ${vector.name} is byte-exact`, () => {
      const nodes = decodeAmf0Lossless(vector.bytes);
      expect(toHex(encodeAmf0Lossless(nodes))).toBe(toHex(vector.bytes));
    });
    if (vector.canonical) {
      it(`encodes ${vector.name}`, () => {
        expect(toHex(encodeAmf0((vector.encode ?? vector.decoded) as never))).toBe(toHex(vector.bytes));
      });
    }
  }
});

describe('AMF0 references (§2.9)', () => {
  it('resolves a reference to the same object, counted when its marker is read', () => {
    // [ {a: {}} , ref 0, ref 1 ]: outer object is index 0, inner is index 1.
    const bytes = hex("03 00 01 'a' 03 00 00 09 00 00 09  07 00 00  07 00 01");
    const [outer, ref0, ref1] = decodeAmf0(bytes) as [Record<string, unknown>, unknown, unknown];
    expect(ref0).toBe(outer);
    expect(ref1).toBe(outer.a);
    const nodes = decodeAmf0Lossless(bytes);
    expect(nodes[1]).toEqual({ type: 'reference', index: 0 });
    expect(toHex(encodeAmf0Lossless(nodes))).toBe(toHex(bytes));
  });

  it('lets a child refer to its parent (cycle)', () => {
    const bytes = hex("03 00 04 'self' 07 00 00 00 00 09");
    const [object] = decodeAmf0(bytes) as [Record<string, unknown>];
    expect(object.self).toBe(object);
  });

  it('gives every decode call a fresh table', () => {
    const decoder = new Amf0Decoder();
    decoder.decode(hex('03 00 00 09'));
    expect(() => decoder.decode(hex('07 00 00'))).toThrow(
      expect.objectContaining({ code: 'AMF0_BAD_REFERENCE' }),
    );
  });
});

describe('Amf0Encoder', () => {
  it('returns a view valid until the next call, and copies on request', () => {
    const encoder = new Amf0Encoder({ initialBufferSize: 4 });
    const copy = encoder.encodeCopy(['abc']);
    const view = encoder.encode(['abc']);
    expect(toHex(view)).toBe(toHex(copy));
    encoder.encode([1]);
    expect(toHex(copy)).toBe('02 00 03 61 62 63');
  });

  it('writes strings over 65535 UTF-8 bytes as long strings', () => {
    const short = 'é'.repeat(32767); // 65534 bytes
    const long = 'é'.repeat(32768); // 65536 bytes
    expect(encodeAmf0([short])[0]).toBe(0x02);
    const bytes = encodeAmf0([long]);
    expect(toHex(bytes.subarray(0, 5))).toBe('0c 00 01 00 00');
    expect(decodeAmf0(bytes)).toEqual([long]);
  });
});

describe('AMF0 AVM+ switch (0x11, AMF0 spec §3.1)', () => {
  it('decodes exactly one AMF3 value, then continues in AMF0', () => {
    const bytes = hex("11 06 0b 'hello'  11 0c 07 01 02 03  05");
    expect(decodeAmf0(bytes)).toEqual(['hello', Uint8Array.of(1, 2, 3), null]);
    const nodes = decodeAmf0Lossless(bytes);
    expect(nodes[0]).toEqual({ type: 'avmplus', value: { type: 'string', value: 'hello' } });
    expect(toHex(encodeAmf0Lossless(nodes))).toBe(toHex(bytes));
  });

  it('starts a fresh AMF3 context at every switch', () => {
    expect(() => decodeAmf0(hex("11 06 03 'a'  11 06 00"))).toThrow(
      expect.objectContaining({
        code: 'AMF3_BAD_REFERENCE',
        details: expect.objectContaining({ offset: 6 }),
      }),
    );
  });

  it('writes values only AMF3 can carry behind a switch', () => {
    expect(toHex(encodeAmf0([Uint8Array.of(1, 2, 3), new Map([['k', 1]])]))).toBe(
      toHex(hex("11 0c 07 01 02 03  11 11 03 00 06 03 'k' 04 01")),
    );
  });

  it('reports a switch at the very end as truncated', () => {
    expect(() => decodeAmf0(hex('05 11'))).toThrow(expect.objectContaining({ code: 'AMF0_TRUNCATED' }));
  });
});
