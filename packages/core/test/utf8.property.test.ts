import {
  ByteReader,
  ByteWriter,
  decodeUtf8,
  encodeUtf8,
  encodeUtf8Into,
  maxUtf8Length,
  utf8Length,
} from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('utf8', () => {
  it('property: encodeUtf8Into/decodeUtf8 round-trip any well-formed string and agree with Buffer', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const target = new Uint8Array(maxUtf8Length(text));
        const written = encodeUtf8Into(text, target, 0);
        expect(Buffer.from(target.subarray(0, written)).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(utf8Length(text)).toBe(written);
        expect(decodeUtf8(target, 0, written)).toBe(text);
      }),
    );
  });

  it('counts lone surrogates as U+FFFD (3 bytes), as TextEncoder writes them', () => {
    expect(utf8Length('\ud800')).toBe(3);
    expect(encodeUtf8('\ud800')).toEqual(Uint8Array.from([0xef, 0xbf, 0xbd]));
  });

  it('decodes invalid bytes leniently to U+FFFD (short and long paths)', () => {
    expect(decodeUtf8(Uint8Array.from([0x61, 0xff, 0x62]), 0, 3)).toBe('a\ufffdb');
    const long = new Uint8Array(64).fill(0x61);
    long[40] = 0xc0;
    expect(decodeUtf8(long, 0, 64)).toContain('\ufffd');
  });

  it('reader and writer agree on strings', () => {
    const w = new ByteWriter();
    const n = w.utf8('connect ✓');
    expect(new ByteReader(w.finish()).utf8(n)).toBe('connect ✓');
  });
});
