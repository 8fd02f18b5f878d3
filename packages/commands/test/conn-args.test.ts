import { encodeConnect, parseConnArgs } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';
import { A, hex } from './helpers.js';

const plain = (v: unknown): unknown =>
  v !== null && typeof v === 'object'
    ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
    : v;

describe('parseConnArgs', () => {
  it('parses the brief’s example', () => {
    const values = parseConnArgs(['S:x', 'O:1', 'NS:k:v', 'O:0']);
    expect(values.map(plain)).toEqual(['x', { k: 'v' }]);
    expect(Object.getPrototypeOf(values[1])).toBe(null);
  });

  it('parses every type, nested objects and values containing colons', () => {
    const values = parseConnArgs([
      'B:0',
      'B:1',
      'N:-1.5e3',
      'N:0x10',
      'S:',
      'S:a:b:c',
      'Z:',
      'O:1',
      'NB:b:1',
      'NN:n:2',
      'NS:url:rtmp://h:1935/app',
      'NZ:z:',
      'NO:o:1',
      'NS:deep:1',
      'O:0',
      'O:0',
    ]);
    expect(values.map(plain)).toEqual([
      false,
      true,
      -1500,
      16,
      '',
      'a:b:c',
      null,
      { b: true, n: 2, url: 'rtmp://h:1935/app', z: null, o: { deep: '1' } },
    ]);
  });

  it('encodes after connect as librtmp does (object, then scalars)', () => {
    const body = encodeConnect({ app: 'a' }, { args: parseConnArgs(['O:1', 'NS:k:v', 'O:0', 'N:1']) });
    expect(hex(body).endsWith(A.obj([['k', A.str('v')]]) + A.num(1))).toBe(true);
  });

  const invalid: Array<[string[], string]> = [
    [['X:1'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['B:yes'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['B:'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['N:abc'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['N:'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['S'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['hello'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:2'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['NS:k:v'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'S:x', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'O:1', 'O:0', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NS::v', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NSk', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NS:k', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NS:k:a', 'NS:k:b', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NO:o:0', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:1', 'NX:k:v', 'O:0'], 'COMMANDS_CONN_INVALID_ITEM'],
    [['O:0'], 'COMMANDS_CONN_UNBALANCED'],
    [['O:1'], 'COMMANDS_CONN_UNBALANCED'],
    [['O:1', 'NO:a:1', 'O:0'], 'COMMANDS_CONN_UNBALANCED'],
  ];
  for (const [items, code] of invalid) {
    it(`${JSON.stringify(items)} → ${code}`, () => {
      expect(() => parseConnArgs(items)).toThrowError(expect.objectContaining({ code }));
    });
  }

  it('names the offending item in details', () => {
    try {
      parseConnArgs(['S:ok', 'B:2']);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ details: { item: 'B:2', index: 1 } });
    }
  });

  it('bounds item count and depth', () => {
    expect(() => parseConnArgs(new Array(300).fill('Z:'))).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_CONN_TOO_MANY_ITEMS' }),
    );
    const deep = ['O:1', ...new Array(20).fill('NO:o:1'), ...new Array(21).fill('O:0')];
    expect(() => parseConnArgs(deep)).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_CONN_UNBALANCED' }),
    );
    expect(parseConnArgs(deep, { maxDepth: 32 })).toHaveLength(1);
  });
});
