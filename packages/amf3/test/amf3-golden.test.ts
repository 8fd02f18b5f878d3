import { describe, expect, it } from 'vitest';
import {
  Amf3Decoder,
  decodeAmf3,
  decodeAmf3Lossless,
  encodeAmf3,
  encodeAmf3Lossless,
  flexExternalizableHandlers,
} from '../src/index.js';
import { hex, toHex } from './fixtures/hex.js';
import { specVectors } from './fixtures/spec-vectors.js';

describe('AMF3 golden vectors from the specification', () => {
  for (const vector of specVectors) {
    it(`decodes ${vector.name}`, () => {
      expect(decodeAmf3(vector.bytes)).toEqual(vector.decoded);
    });
    it(`lossless round trip of ${vector.name} is byte-exact`, () => {
      expect(toHex(encodeAmf3Lossless(decodeAmf3Lossless(vector.bytes)))).toBe(toHex(vector.bytes));
    });
    if (vector.canonical) {
      it(`encodes ${vector.name}`, () => {
        expect(toHex(encodeAmf3((vector.encode ?? vector.decoded) as never))).toBe(toHex(vector.bytes));
      });
    }
  }

  it('keeps object identity for references', () => {
    const [array] = decodeAmf3(hex('09 05 01  0a 0b 01 01  0a 02')) as [unknown[]];
    expect(array[0]).toBe(array[1]);
  });

  it('lets an object contain itself (cycle) and re-encodes it as a reference', () => {
    const bytes = hex("0a 0b 01  05 'me' 0a 00  01");
    const [object] = decodeAmf3(bytes) as [Record<string, unknown>];
    expect(object.me).toBe(object);
    expect(toHex(encodeAmf3([object as never]))).toBe(toHex(bytes));
  });

  it('keeps reference markers in the lossless view', () => {
    const nodes = decodeAmf3Lossless(hex('09 05 01  0a 0b 01 01  0a 02'));
    expect(nodes[0]).toMatchObject({
      type: 'array',
      dense: [{ type: 'object' }, { type: 'reference', index: 1 }],
    });
  });
});

describe('AMF3 externalizable objects', () => {
  const collection = hex("0a 07 43 'flex.messaging.io.ArrayCollection'  09 03 01 04 01");

  it('throws AMF3_EXTERNALIZABLE without a handler', () => {
    expect(() => decodeAmf3(collection)).toThrow(
      expect.objectContaining({
        code: 'AMF3_EXTERNALIZABLE',
        details: expect.objectContaining({ offset: 36 }),
      }),
    );
  });

  it('decodes with the Flex handlers, both views, and re-encodes byte-exact', () => {
    const decoder = new Amf3Decoder({ externalizable: flexExternalizableHandlers });
    expect(decoder.decode(collection)).toEqual([[1]]);
    const nodes = decoder.decodeLossless(collection);
    expect(nodes[0]).toMatchObject({ type: 'externalizable', value: { type: 'array' } });
    expect(() => encodeAmf3Lossless(nodes)).toThrow(expect.objectContaining({ code: 'AMF3_EXTERNALIZABLE' }));
  });
});
