import { describe, expect, it } from 'vitest';
import { decodeAmf0, encodeAmf0, TypedObject } from '../src/index.js';
import { hex } from './fixtures/hex.js';

const hostile = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

function objectWith(marker: string, keys: string[]): Uint8Array {
  const body = keys
    .map((k) => `00 ${k.length.toString(16).padStart(2, '0')} '${k}'  03 00 08 'polluted' 01 01 00 00 09`)
    .join(' ');
  return hex(`${marker} ${body} 00 00 09`);
}

describe('AMF0 prototype pollution', () => {
  for (const [name, marker] of [
    ['object', '03'],
    ['ECMA array', '08 00 00 00 00'],
    ['typed object', "10 00 01 'T'"],
  ] as const) {
    it(`${name} keys like __proto__ become own data properties and pollute nothing`, () => {
      const [decoded] = decodeAmf0(objectWith(marker, hostile)) as [unknown];
      const record = (decoded instanceof TypedObject ? decoded.properties : decoded) as Record<
        string,
        unknown
      >;
      expect(Object.getPrototypeOf(record)).toBe(null);
      expect(Object.keys(record)).toEqual(hostile);
      for (const key of hostile) {
        expect(Object.getOwnPropertyDescriptor(record, key)?.value).toEqual(
          Object.assign(Object.create(null), { polluted: true }),
        );
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('re-encodes an own __proto__ key', () => {
    const [decoded] = decodeAmf0(objectWith('03', ['__proto__']));
    expect(encodeAmf0([decoded])).toEqual(objectWith('03', ['__proto__']));
  });
});
