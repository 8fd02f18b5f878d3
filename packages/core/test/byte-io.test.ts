import { ByteReader, ByteWriter, RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('ByteWriter', () => {
  it('writes every width in network and little-endian order (golden bytes)', () => {
    const w = new ByteWriter({ initialSize: 1 });
    w.u8(0x01).u16(0x0203).u24(0x040506).u32(0x0708090a).u16le(0x0b0c).u24le(0x0d0e0f).u32le(0x10111213);
    w.f64(1).i16(-2).i32(-3);
    expect(hex(w.finish())).toBe(
      // u8  u16  u24    u32      u16le u24le  u32le    f64(1)           i16(-2) i32(-3)
      '01' +
        '0203' +
        '040506' +
        '0708090a' +
        '0c0b' +
        '0f0e0d' +
        '13121110' +
        '3ff0000000000000' +
        'fffe' +
        'fffffffd',
    );
  });

  it('grows by doubling and keeps earlier bytes', () => {
    const w = new ByteWriter({ initialSize: 2 });
    for (let i = 0; i < 1000; i++) w.u8(i & 0xff);
    const out = w.finish();
    expect(out.length).toBe(1000);
    expect(out[999]).toBe(999 & 0xff);
    expect(out[0]).toBe(0);
  });

  it('refuses to grow past maxSize with CORE_BUFFER_LIMIT', () => {
    const w = new ByteWriter({ initialSize: 4, maxSize: 8 });
    w.u32(1).u32(2);
    expect(() => w.u8(3)).toThrowError(expect.objectContaining({ code: 'CORE_BUFFER_LIMIT' }));
  });

  it('rejects u24 values out of range', () => {
    expect(() => new ByteWriter().u24(0x1000000)).toThrowError(
      expect.objectContaining({ code: 'CORE_VALUE_OUT_OF_RANGE' }),
    );
  });

  it('patches length prefixes and resets without reallocating', () => {
    const w = new ByteWriter();
    w.u16(0);
    const n = w.utf8('héllo');
    w.patchU16(0, n);
    expect(hex(w.finishCopy())).toBe(`0006${Buffer.from('héllo').toString('hex')}`);
    w.reset().u8(9);
    expect(hex(w.finish())).toBe('09');
  });
});

describe('ByteReader', () => {
  it('reads what the golden bytes say, at any byteOffset', () => {
    const backing = Buffer.from('ff' + '01020304050607080910' + '3ff0000000000000' + 'fffe', 'hex');
    const r = new ByteReader(backing.subarray(1));
    expect(r.u8()).toBe(1);
    expect(r.u16()).toBe(0x0203);
    expect(r.u24()).toBe(0x040506);
    expect(r.u32()).toBe(0x0708_0910);
    expect(r.f64()).toBe(1);
    expect(r.i16()).toBe(-2);
    expect(r.remaining).toBe(0);
  });

  it('reads little-endian fields', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(r.u16le()).toBe(0x0201);
    expect(r.u24le()).toBe(0x050403);
    expect(r.u32le()).toBe(0x09080706);
  });

  it('throws CORE_OUT_OF_BOUNDS with the offset and does not move the cursor', () => {
    const r = new ByteReader(Uint8Array.from([1, 2, 3]));
    r.u8();
    let caught: unknown;
    try {
      r.u32();
    } catch (error) {
      caught = error;
    }
    expect(RtmpError.hasCode(caught, 'CORE_OUT_OF_BOUNDS')).toBe(true);
    expect((caught as RtmpError).details).toMatchObject({ offset: 1, needed: 4, available: 2 });
    expect(r.offset).toBe(1);
    expect(r.u16()).toBe(0x0203);
  });

  it('returns views, not copies', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4]);
    const view = new ByteReader(bytes, 1).bytesView(2);
    bytes[1] = 9;
    expect(Array.from(view)).toEqual([9, 3]);
  });
});
