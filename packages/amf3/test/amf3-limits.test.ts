import { ByteWriter, RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import {
  Amf3Decoder,
  Amf3Encoder,
  decodeAmf3,
  decodeAmf3Lossless,
  encodeAmf3,
  encodeAmf3Lossless,
  readU29,
  TypedObject,
  writeInt29,
  writeU29,
} from '../src/index.js';
import { hex } from './fixtures/hex.js';
import { specVectors } from './fixtures/spec-vectors.js';

function codeOf(run: () => unknown): { code: string; offset: unknown } {
  try {
    run();
  } catch (error) {
    const e = error as RtmpError;
    return { code: e.code, offset: e.details.offset };
  }
  throw new Error('did not throw');
}

const nested = (depth: number) => {
  const bytes: number[] = [];
  for (let i = 0; i < depth; i++) bytes.push(0x09, 0x03, 0x01);
  bytes.push(0x01);
  return Uint8Array.from(bytes);
};

describe('U29', () => {
  it('rejects values outside 0..2^29-1 and integers outside -2^28..2^28-1', () => {
    const w = new ByteWriter();
    expect(codeOf(() => writeU29(w, 2 ** 29)).code).toBe('AMF3_U29_RANGE');
    expect(codeOf(() => writeU29(w, -1)).code).toBe('AMF3_U29_RANGE');
    expect(codeOf(() => writeU29(w, 1.5)).code).toBe('AMF3_U29_RANGE');
    expect(codeOf(() => writeInt29(w, 2 ** 28)).code).toBe('AMF3_U29_RANGE');
    expect(codeOf(() => encodeAmf3Lossless([{ type: 'integer', value: 2 ** 28 }])).code).toBe(
      'AMF3_U29_RANGE',
    );
  });

  it('reads all four lengths and reports truncation', () => {
    expect(readU29(hex('7f'), 0)).toEqual({ value: 127, offset: 1 });
    expect(readU29(hex('ff ff ff ff'), 0)).toEqual({ value: 2 ** 29 - 1, offset: 4 });
    expect(codeOf(() => readU29(hex('ff ff'), 0))).toEqual({ code: 'AMF3_TRUNCATED', offset: 2 });
  });
});

describe('AMF3 malformed input', () => {
  it('every strict prefix of a single-value vector throws AMF3_TRUNCATED', () => {
    for (const vector of specVectors) {
      for (let cut = 1; cut < vector.bytes.length; cut++) {
        const prefix = vector.bytes.subarray(0, cut);
        expect(codeOf(() => decodeAmf3(prefix)).code, `${vector.name} cut at ${cut}`).toBe('AMF3_TRUNCATED');
        expect(codeOf(() => decodeAmf3Lossless(prefix)).code).toBe('AMF3_TRUNCATED');
      }
    }
  });

  it('rejects unknown markers and bad string/object/traits references', () => {
    expect(codeOf(() => decodeAmf3(hex('12')))).toEqual({ code: 'AMF3_UNKNOWN_MARKER', offset: 0 });
    expect(codeOf(() => decodeAmf3(hex('06 00'))).code).toBe('AMF3_BAD_REFERENCE');
    expect(codeOf(() => decodeAmf3(hex('0a 00'))).code).toBe('AMF3_BAD_REFERENCE');
    expect(codeOf(() => decodeAmf3(hex('0a 01'))).code).toBe('AMF3_BAD_REFERENCE');
    expect(codeOf(() => decodeAmf3Lossless(hex('08 02'))).code).toBe('AMF3_BAD_REFERENCE');
  });

  it('rejects counts larger than the input before allocating', () => {
    expect(codeOf(() => decodeAmf3(hex('09 ff ff ff fd 01'))).code).toBe('AMF3_TRUNCATED');
    expect(codeOf(() => decodeAmf3(hex('0f ff ff ff fd 00'))).code).toBe('AMF3_TRUNCATED');
    expect(codeOf(() => decodeAmf3(hex('11 ff ff ff fd 00'))).code).toBe('AMF3_LIMIT_EXCEEDED');
  });
});

describe('AMF3 limits', () => {
  it('maxDepth, also against a 100,000-level input', () => {
    expect(decodeAmf3(nested(64))).toHaveLength(1);
    expect(codeOf(() => decodeAmf3(nested(65))).code).toBe('AMF3_DEPTH_EXCEEDED');
    expect(codeOf(() => decodeAmf3Lossless(nested(100_000))).code).toBe('AMF3_DEPTH_EXCEEDED');
  });

  it('maxStringLength for strings, XML and byte arrays', () => {
    const options = { maxStringLength: 2 };
    expect(codeOf(() => decodeAmf3(hex("06 07 'abc'"), options)).code).toBe('AMF3_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf3(hex("07 07 'abc'"), options)).code).toBe('AMF3_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf3(hex('0c 07 01 02 03'), options)).code).toBe('AMF3_LIMIT_EXCEEDED');
  });

  it('maxKeysPerObject for sealed + dynamic members, associative parts and dictionaries', () => {
    const options = { maxKeysPerObject: 1 };
    expect(codeOf(() => decodeAmf3(hex("0a 0b 01 03 'a' 01 03 'b' 01 01"), options)).code).toBe(
      'AMF3_LIMIT_EXCEEDED',
    );
    expect(codeOf(() => decodeAmf3(hex("0a 23 01 03 'a' 03 'b' 01 01"), options)).code).toBe(
      'AMF3_LIMIT_EXCEEDED',
    );
    expect(codeOf(() => decodeAmf3(hex("09 01 03 'a' 01 03 'b' 01 01"), options)).code).toBe(
      'AMF3_LIMIT_EXCEEDED',
    );
    expect(codeOf(() => decodeAmf3(hex('11 05 00 01 01 02 02'), options)).code).toBe('AMF3_LIMIT_EXCEEDED');
  });

  it('maxElements counts vector items too; maxReferences bounds each table', () => {
    expect(codeOf(() => decodeAmf3(hex('0d 05 00 00 00 00 01 00 00 00 02'), { maxElements: 2 })).code).toBe(
      'AMF3_LIMIT_EXCEEDED',
    );
    expect(codeOf(() => decodeAmf3(hex("09 05 01 06 03 'a' 06 03 'b'"), { maxReferences: 1 })).code).toBe(
      'AMF3_LIMIT_EXCEEDED',
    );
  });

  it('a decoder keeps working after it threw', () => {
    const decoder = new Amf3Decoder({ maxDepth: 1 });
    expect(() => decoder.decode(nested(5))).toThrow(RtmpError);
    expect(decoder.decode(hex('04 01'))).toEqual([1]);
  });
});

describe('AMF3 encode errors', () => {
  it('rejects functions, empty dynamic keys and dangling lossless references', () => {
    expect(codeOf(() => encodeAmf3([() => 1] as never)).code).toBe('AMF3_UNENCODABLE');
    expect(codeOf(() => encodeAmf3([{ '': 1 }])).code).toBe('AMF3_UNENCODABLE');
    expect(codeOf(() => encodeAmf3Lossless([{ type: 'reference', index: 0, marker: 0x0a }])).code).toBe(
      'AMF3_UNENCODABLE',
    );
    expect(codeOf(() => encodeAmf3Lossless([{ type: 'string', value: 'x', ref: 0 }])).code).toBe(
      'AMF3_UNENCODABLE',
    );
  });

  it('rejects values nested deeper than maxDepth', () => {
    expect(codeOf(() => new Amf3Encoder({ maxDepth: 1 }).encode([[[1]]] as never)).code).toBe(
      'AMF3_DEPTH_EXCEEDED',
    );
  });

  it('writes cycles as references instead of failing', () => {
    const cyclic: Record<string, unknown> = Object.create(null);
    cyclic.self = cyclic;
    const [decoded] = decodeAmf3(encodeAmf3([cyclic as never])) as [Record<string, unknown>];
    expect(decoded.self).toBe(decoded);
  });

  it('reuses traits for typed objects with the same class and keys', () => {
    const a = new TypedObject('P', Object.assign(Object.create(null), { x: 1 }));
    const b = new TypedObject('P', Object.assign(Object.create(null), { x: 2 }));
    expect(Array.from(encodeAmf3([[a, b]]))).toEqual(
      Array.from(hex("09 05 01 0a 13 03 'P' 03 'x' 04 01 0a 01 04 02")),
    );
  });
});
