import { decodeCommand, encodeConnect, encodeOnStatus } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';
import { A, hex } from './helpers.js';

describe('extra properties', () => {
  it('writes a "__proto__" key as an ordinary property (no prototype change)', () => {
    const extra = JSON.parse('{"__proto__": "x", "b": 1}') as Record<string, string | number>;
    const body = encodeConnect({ app: 'a', extra });
    expect(hex(body)).toBe(
      A.str('connect') +
        A.num(1) +
        A.obj([
          ['app', A.str('a')],
          ['__proto__', A.str('x')],
          ['b', A.num(1)],
        ]),
    );
    const decoded = decodeCommand({ typeId: 20, payload: body });
    expect(decoded.kind === 'connect' && Object.keys(decoded.params.extra ?? {})).toEqual(['__proto__', 'b']);
  });

  it('extras never override the standard status fields', () => {
    const body = encodeOnStatus({
      level: 'status',
      code: 'NetStream.Play.Start',
      extra: { code: 'evil', clientid: 7 },
    });
    expect(hex(body)).toBe(
      A.str('onStatus') +
        A.num(0) +
        A.null +
        A.obj([
          ['level', A.str('status')],
          ['code', A.str('NetStream.Play.Start')],
          ['clientid', A.num(7)],
        ]),
    );
  });
});
