import {
  connectParamsFor,
  decodeCommand,
  encodeConnect,
  FFMPEG_PLAY_FLASH_VER,
  LIBRTMP_FLASH_VER,
  parseConnArgs,
} from '@rtmp/commands';
import { describe, expect, it } from 'vitest';
import { A, capturedNamed, fromHex, hex } from './helpers.js';

const TC = 'rtmp://127.0.0.1:41935';

describe('encodeConnect reproduces the captured connect byte-for-byte', () => {
  it('rtmpdump vod defaults (stream 0)', () => {
    const body = encodeConnect(connectParamsFor({ app: 'vod', tcUrl: `${TC}/vod`, mode: 'play' }));
    expect(hex(body)).toBe(capturedNamed(0, 'c2s', 'connect').hex);
  });

  it('rtmpdump --live (stream 1)', () => {
    const body = encodeConnect(connectParamsFor({ app: 'live', tcUrl: `${TC}/live`, mode: 'play' }));
    expect(hex(body)).toBe(capturedNamed(1, 'c2s', 'connect').hex);
  });

  it('rtmpdump with swfUrl, pageUrl, flashVer, --auth and --conn items (stream 2)', () => {
    const params = connectParamsFor({
      app: 'vod',
      tcUrl: `${TC}/vod`,
      mode: 'play',
      flashVer: 'LNX 11,2,202,235',
      swfUrl: 'http://example.com/player.swf',
      pageUrl: 'http://example.com/page.html',
    });
    const args = parseConnArgs([
      'B:1',
      'S:hello',
      'O:1',
      'NN:num:42.5',
      'NB:flag:0',
      'NS:str:val',
      'NO:inner:1',
      'NS:deep:x',
      'O:0',
      'O:0',
      'N:3.25',
      'Z:',
    ]);
    const body = encodeConnect(params, { auth: 'secret', args });
    expect(hex(body)).toBe(capturedNamed(2, 'c2s', 'connect').hex);
  });

  it('ffmpeg play defaults (stream 3)', () => {
    const body = encodeConnect(
      connectParamsFor({ app: 'vod', tcUrl: `${TC}/vod`, mode: 'play', profile: 'ffmpeg' }),
    );
    expect(hex(body)).toBe(capturedNamed(3, 'c2s', 'connect').hex);
  });

  it('ffmpeg with rtmp_swfurl, rtmp_pageurl and rtmp_conn including NZ (stream 4)', () => {
    const params = connectParamsFor({
      app: 'vod',
      tcUrl: `${TC}/vod`,
      mode: 'play',
      profile: 'ffmpeg',
      swfUrl: 'http://example.com/p.swf',
      pageUrl: 'http://example.com/page',
    });
    const args = parseConnArgs('B:1 S:hello O:1 NN:num:42.5 NZ:nil: NS:str:val O:0 N:3.25 Z:'.split(' '));
    expect(hex(encodeConnect(params, { args }))).toBe(capturedNamed(4, 'c2s', 'connect').hex);
  });

  it('ffmpeg publish (stream 5)', () => {
    const params = connectParamsFor({
      app: 'live',
      tcUrl: `${TC}/live`,
      mode: 'publish',
      profile: 'ffmpeg',
      flashVer: 'FMLE/3.0 (compatible; Lavf59.27.100)',
    });
    expect(hex(encodeConnect(params))).toBe(capturedNamed(5, 'c2s', 'connect').hex);
  });
});

describe('encodeConnect (spec-derived vectors)', () => {
  it('writes objectEncoding, E-RTMP properties and extra properties after the standard ones', () => {
    const body = encodeConnect(
      {
        app: 'a',
        tcUrl: 'rtmp://h/a',
        objectEncoding: 3,
        fourCcList: ['hvc1'],
        capsEx: 1,
        extra: { custom: 'x' },
      },
      { transactionId: 1, auth: { flag: false, value: '' } },
    );
    const expected =
      A.str('connect') +
      A.num(1) +
      A.obj([
        ['app', A.str('a')],
        ['tcUrl', A.str('rtmp://h/a')],
        ['objectEncoding', A.num(3)],
        ['fourCcList', `0a00000001${A.str('hvc1')}`],
        ['capsEx', A.num(1)],
        ['custom', A.str('x')],
      ]) +
      A.bool(false) +
      A.str('');
    expect(hex(body)).toBe(expected);
  });

  it('frames type 17 with a leading 0x00 when amf3 is set', () => {
    const body = encodeConnect({ app: 'a' }, { amf3: true });
    expect(hex(body)).toBe(`00${A.str('connect')}${A.num(1)}${A.obj([['app', A.str('a')]])}`);
  });

  it('uses the librtmp and ffmpeg flashVer constants', () => {
    expect(LIBRTMP_FLASH_VER).toBe('LNX 10,0,32,18');
    expect(FFMPEG_PLAY_FLASH_VER).toBe('LNX 9,0,124,2');
    expect(connectParamsFor({ app: 'x', tcUrl: 't', mode: 'publish' })).toEqual({
      app: 'x',
      type: 'nonprivate',
      flashVer: LIBRTMP_FLASH_VER,
      tcUrl: 't',
    });
  });

  it('rejects a non-string app with COMMANDS_INVALID_VALUE', () => {
    expect(() => encodeConnect({ app: 5 as unknown as string })).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_VALUE' }),
    );
  });
});

describe('decodeCommand(connect) on captured bytes', () => {
  it('reads every property of rtmpdump’s connect with auth and conn extras', () => {
    const decoded = decodeCommand({ typeId: 20, payload: fromHex(capturedNamed(2, 'c2s', 'connect').hex) });
    expect(decoded.kind).toBe('connect');
    if (decoded.kind !== 'connect') return;
    expect(decoded.transactionId).toBe(1);
    expect(decoded.params).toEqual({
      app: 'vod',
      flashVer: 'LNX 11,2,202,235',
      swfUrl: 'http://example.com/player.swf',
      tcUrl: `${TC}/vod`,
      fpad: false,
      capabilities: 15,
      audioCodecs: 3191,
      videoCodecs: 252,
      videoFunction: 1,
      pageUrl: 'http://example.com/page.html',
    });
    expect(decoded.args.slice(0, 2)).toEqual([true, 'secret']);
    expect(decoded.args.slice(2, 4)).toEqual([true, 'hello']);
    expect({ ...(decoded.args[4] as object) }).toMatchObject({ num: 42.5, flag: false, str: 'val' });
    expect(decoded.args.slice(5)).toEqual([3.25, null]);
  });

  it('reads ffmpeg’s publish connect (type nonprivate, no play-only properties)', () => {
    const decoded = decodeCommand({ typeId: 20, payload: fromHex(capturedNamed(5, 'c2s', 'connect').hex) });
    expect(decoded.kind === 'connect' && decoded.params).toEqual({
      app: 'live',
      type: 'nonprivate',
      flashVer: 'FMLE/3.0 (compatible; Lavf59.27.100)',
      tcUrl: `${TC}/live`,
    });
  });

  it('keeps wrong-typed and unknown properties in params.extra', () => {
    const payload = fromHex(
      A.str('connect') +
        A.num(1) +
        A.obj([
          ['app', A.str('a')],
          ['capabilities', A.str('15')],
          ['x', A.num(1)],
        ]),
    );
    const decoded = decodeCommand({ typeId: 20, payload });
    expect(decoded.kind === 'connect' && { ...decoded.params.extra }).toEqual({ capabilities: '15', x: 1 });
  });

  it('rejects a connect without a string app', () => {
    const payload = fromHex(A.str('connect') + A.num(1) + A.obj([['tcUrl', A.str('t')]]));
    expect(() => decodeCommand({ typeId: 20, payload })).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_ARGUMENT' }),
    );
  });
});
