import { describe, expect, it } from 'vitest';
import {
  Amf0Decoder,
  Amf0Encoder,
  Amf0Error,
  decodeAmf0,
  decodeAmf0Lossless,
  decodeAmf0Value,
  encodeAmf0,
  encodeAmf0Lossless,
} from '../src/index.js';
import { hex } from './fixtures/hex.js';
import { specVectors } from './fixtures/spec-vectors.js';

function codeOf(run: () => unknown): { code: string; offset: unknown } {
  try {
    run();
  } catch (error) {
    const e = error as Amf0Error;
    return { code: e.code, offset: e.details.offset };
  }
  throw new Error('did not throw');
}

const nestedArrays = (depth: number) => {
  const bytes: number[] = [];
  for (let i = 0; i < depth; i++) bytes.push(0x0a, 0, 0, 0, 1);
  bytes.push(0x05);
  return Uint8Array.from(bytes);
};

describe('AMF0 malformed input', () => {
  it('every strict prefix of a single-value vector throws AMF0_TRUNCATED', () => {
    for (const vector of specVectors) {
      if (vector.decoded.length !== 1) continue;
      for (let cut = 1; cut < vector.bytes.length; cut++) {
        const prefix = vector.bytes.subarray(0, cut);
        expect(codeOf(() => decodeAmf0(prefix)).code, `${vector.name} cut at ${cut}`).toBe('AMF0_TRUNCATED');
        expect(codeOf(() => decodeAmf0Lossless(prefix)).code).toBe('AMF0_TRUNCATED');
      }
    }
  });

  it('rejects MovieClip and RecordSet as reserved, with the offset', () => {
    expect(codeOf(() => decodeAmf0(hex('05 04')))).toEqual({ code: 'AMF0_RESERVED_MARKER', offset: 1 });
    expect(codeOf(() => decodeAmf0(hex('0e')))).toEqual({ code: 'AMF0_RESERVED_MARKER', offset: 0 });
  });

  it('rejects unknown markers and a stray object end', () => {
    expect(codeOf(() => decodeAmf0(hex('12')))).toEqual({ code: 'AMF0_UNKNOWN_MARKER', offset: 0 });
    expect(codeOf(() => decodeAmf0(hex('ff')))).toEqual({ code: 'AMF0_UNKNOWN_MARKER', offset: 0 });
    expect(codeOf(() => decodeAmf0(hex('09')))).toEqual({ code: 'AMF0_UNEXPECTED_OBJECT_END', offset: 0 });
  });

  it('rejects references past the table (the table counts complex values only)', () => {
    expect(codeOf(() => decodeAmf0(hex('07 00 00')))).toEqual({ code: 'AMF0_BAD_REFERENCE', offset: 1 });
    expect(codeOf(() => decodeAmf0(hex("02 00 01 'a' 07 00 00"))).code).toBe('AMF0_BAD_REFERENCE');
  });

  it('rejects a strict array count larger than the input without allocating', () => {
    expect(codeOf(() => decodeAmf0(hex('0a ff ff ff ff 05'))).code).toBe('AMF0_TRUNCATED');
  });

  it('decodeAmf0Value reports the next offset and rejects an offset past the end', () => {
    expect(decodeAmf0Value(hex('05 00 3f f0 00 00 00 00 00 00'), 1)).toEqual({ value: 1, offset: 10 });
    expect(codeOf(() => decodeAmf0Value(hex('05'), 1)).code).toBe('AMF0_TRUNCATED');
  });

  it('throws Amf0Error instances', () => {
    expect(() => decodeAmf0(hex('12'))).toThrow(Amf0Error);
  });
});

describe('AMF0 decode limits', () => {
  it('maxDepth', () => {
    expect(decodeAmf0(nestedArrays(64))).toHaveLength(1);
    expect(codeOf(() => decodeAmf0(nestedArrays(65))).code).toBe('AMF0_DEPTH_EXCEEDED');
    expect(codeOf(() => decodeAmf0(nestedArrays(3), { maxDepth: 2 })).code).toBe('AMF0_DEPTH_EXCEEDED');
    expect(codeOf(() => decodeAmf0Lossless(nestedArrays(3), { maxDepth: 2 })).code).toBe(
      'AMF0_DEPTH_EXCEEDED',
    );
  });

  it('a deep input (100,000 levels) fails fast with a typed error, not a stack overflow', () => {
    expect(codeOf(() => decodeAmf0(nestedArrays(100_000))).code).toBe('AMF0_DEPTH_EXCEEDED');
  });

  it('maxStringLength (strings, long strings, XML, keys)', () => {
    const options = { maxStringLength: 3 };
    expect(decodeAmf0(hex("02 00 03 'abc'"), options)).toEqual(['abc']);
    expect(codeOf(() => decodeAmf0(hex("02 00 04 'abcd'"), options)).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0(hex("0c 00 00 00 04 'abcd'"), options)).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0(hex("0f 00 00 00 04 'abcd'"), options)).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0(hex("03 00 04 'abcd' 05 00 00 09"), options)).code).toBe(
      'AMF0_LIMIT_EXCEEDED',
    );
  });

  it('a long string length over the input is AMF0_TRUNCATED, not an allocation', () => {
    expect(codeOf(() => decodeAmf0(hex('0c ff ff ff ff'))).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0(hex('0c 00 00 10 00 61'))).code).toBe('AMF0_TRUNCATED');
  });

  it('maxKeysPerObject (objects, ECMA arrays, typed objects)', () => {
    const options = { maxKeysPerObject: 1 };
    expect(decodeAmf0(hex("03 00 01 'a' 05 00 00 09"), options)).toHaveLength(1);
    const two = "00 01 'a' 05 00 01 'b' 05 00 00 09";
    expect(codeOf(() => decodeAmf0(hex(`03 ${two}`), options)).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0(hex(`08 00 00 00 00 ${two}`), options)).code).toBe('AMF0_LIMIT_EXCEEDED');
    expect(codeOf(() => decodeAmf0Lossless(hex(`10 00 01 'T' ${two}`), options)).code).toBe(
      'AMF0_LIMIT_EXCEEDED',
    );
  });

  it('maxElements counts values over all levels', () => {
    const bytes = hex('0a 00 00 00 03 05 05 05'); // 4 values
    expect(decodeAmf0(bytes, { maxElements: 4 })).toHaveLength(1);
    const error = codeOf(() => decodeAmf0(bytes, { maxElements: 3 }));
    expect(error.code).toBe('AMF0_LIMIT_EXCEEDED');
  });

  it('maxReferences bounds the complex-value table', () => {
    const bytes = hex('0a 00 00 00 02 03 00 00 09 03 00 00 09'); // 3 complex values
    expect(decodeAmf0(bytes, { maxReferences: 3 })).toHaveLength(1);
    expect(codeOf(() => decodeAmf0(bytes, { maxReferences: 2 })).code).toBe('AMF0_LIMIT_EXCEEDED');
  });

  it('a decoder keeps working after a limit error', () => {
    const decoder = new Amf0Decoder({ maxDepth: 2 });
    expect(() => decoder.decode(nestedArrays(5))).toThrow();
    expect(decoder.decode(nestedArrays(2))).toEqual([[[null]]]);
  });
});

describe('AMF0 encode errors', () => {
  it('rejects functions, symbols and bigints', () => {
    expect(codeOf(() => encodeAmf0([() => 1] as never)).code).toBe('AMF0_UNENCODABLE');
    expect(codeOf(() => encodeAmf0([Symbol('x')] as never)).code).toBe('AMF0_UNENCODABLE');
    expect(codeOf(() => encodeAmf0([{ n: 1n }] as never)).code).toBe('AMF0_UNENCODABLE');
  });

  it('rejects cycles and over-deep values with AMF0_DEPTH_EXCEEDED', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(codeOf(() => encodeAmf0([cyclic] as never)).code).toBe('AMF0_DEPTH_EXCEEDED');
    expect(codeOf(() => new Amf0Encoder({ maxDepth: 1 }).encode([[[1]]])).code).toBe('AMF0_DEPTH_EXCEEDED');
  });

  it('rejects keys over 65535 bytes and dangling lossless references', () => {
    expect(codeOf(() => encodeAmf0([{ ['k'.repeat(65536)]: 1 }])).code).toBe('AMF0_UNENCODABLE');
    expect(codeOf(() => encodeAmf0Lossless([{ type: 'reference', index: 0 }])).code).toBe('AMF0_UNENCODABLE');
    expect(codeOf(() => encodeAmf0Lossless([{ type: 'nope' } as never])).code).toBe('AMF0_UNENCODABLE');
  });

  it('respects maxBufferSize with CORE_BUFFER_LIMIT and stays usable', () => {
    const encoder = new Amf0Encoder({ initialBufferSize: 16, maxBufferSize: 64 });
    expect(codeOf(() => encoder.encode(['x'.repeat(100)])).code).toBe('CORE_BUFFER_LIMIT');
    expect(Array.from(encoder.encode([null]))).toEqual([0x05]);
  });
});
