import {
  escapeRtmpOptionValue,
  parseRtmpOptionString,
  parseRtmpPlaypath,
  parseRtmpUrl,
  RTMP_URL_OPTIONS,
  rtmpOptionName,
  rtmpProtocolFromNumber,
  UrlErrorCode,
  unescapeRtmpOptionValue,
} from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';

describe('parseRtmpPlaypath (librtmp RTMP_ParsePlaypath)', () => {
  // Expected values from librtmp parseurl.c's rules (the ones rtmpdump also shows in url-resolve).
  const cases: Array<[string, string]> = [
    ['x.flv', 'x'],
    ['x.mp4', 'mp4:x'],
    ['x.f4v', 'mp4:x'],
    ['x.mp3', 'mp3:x'],
    ['mp4:x.mp4', 'mp4:x.mp4'],
    ['mp4:x.f4v', 'mp4:x.f4v'],
    ['mp3:x.mp3', 'mp3:x.mp3'],
    ['mp4:x.flv', 'mp4:x'],
    ['dir/x.mp4', 'mp4:dir/x'],
    ['x.mp4?token=1', 'mp4:x?token=1'],
    ['x?a.mp4', 'x?a.mp4'],
    ['x.MP4', 'x.MP4'],
    ['.mp4', 'mp4:'],
    ['abc', 'abc'],
    ['x%20y', 'x y'],
    ['x%C3%A9', 'xé'],
    ['x%2', 'x%2'],
    ['x%zz', 'x%zz'],
    ['100%', '100%'],
    ['?slist=foo.mp4&x=1', 'mp4:foo'],
    ['?a=1&slist=foo.flv', 'foo.flv'],
    ['?slist=a%20b.mp3', 'mp3:a b'],
    ['?noslist', '?noslist'],
  ];
  it.each(cases)('%s → %s', (raw, name) => {
    expect(parseRtmpPlaypath(raw)).toBe(name);
  });
});

describe('parseRtmpUrl', () => {
  it('reports the explicit port or null', () => {
    expect(parseRtmpUrl('rtmp://h/a/b').port).toBeNull();
    expect(parseRtmpUrl('rtmp://h:1/a/b').port).toBe(1);
  });
  it('offsets error positions', () => {
    try {
      parseRtmpUrl('rtmp://h:x/a', 10);
      expect.unreachable();
    } catch (e) {
      expect(RtmpError.hasCode(e, UrlErrorCode.Invalid) && e.details.position).toBe(19);
    }
  });
});

describe('option string', () => {
  it('splits items and keeps positions', () => {
    expect(parseRtmpOptionString(' live=1  swfurl=a\\20b', 5)).toEqual([
      { name: 'live', written: 'live', value: '1', position: 6 },
      { name: 'swfUrl', written: 'swfurl', value: 'a b', position: 14 },
    ]);
  });
  it('knows the 21 librtmp option names', () => {
    expect(Object.keys(RTMP_URL_OPTIONS).sort()).toEqual(
      [
        'socks',
        'app',
        'tcUrl',
        'pageUrl',
        'swfUrl',
        'flashver',
        'conn',
        'playpath',
        'playlist',
        'live',
        'subscribe',
        'jtv',
        'token',
        'swfVfy',
        'swfAge',
        'start',
        'stop',
        'buffer',
        'timeout',
        'pubUser',
        'pubPasswd',
      ].sort(),
    );
    expect(rtmpOptionName('FLASHVER')).toBe('flashver');
    expect(rtmpOptionName('flashversion')).toBeUndefined();
  });
  it('escapes space, backslash and control characters only', () => {
    expect(escapeRtmpOptionValue('a b\\c\td\u007fé=')).toBe('a\\20b\\5cc\\09d\\7fé=');
    expect(escapeRtmpOptionValue('plain')).toBe('plain');
  });
  it('unescapes upper- and lower-case hex', () => {
    expect(unescapeRtmpOptionValue('\\2A\\2a')).toBe('**');
  });
  it('turns invalid UTF-8 from escapes into U+FFFD', () => {
    expect(unescapeRtmpOptionValue('\\ff')).toBe('\ufffd');
  });
  it('reports the backslash of a bad escape', () => {
    try {
      unescapeRtmpOptionValue('ab\\g1', 100, 'app');
      expect.unreachable();
    } catch (e) {
      expect(RtmpError.hasCode(e, UrlErrorCode.BadOptionValue) && e.details).toEqual({
        position: 102,
        option: 'app',
      });
    }
  });
});

describe('rtmpProtocolFromNumber (rtmpdump --protocol)', () => {
  it.each([
    [0, 'rtmp'],
    [1, 'rtmpt'],
    [2, 'rtmpe'],
    [3, 'rtmpte'],
    [4, 'rtmps'],
    [5, 'rtmpts'],
    [6, undefined],
    [8, undefined],
  ])('%i → %s', (n, name) => {
    expect(rtmpProtocolFromNumber(n)).toBe(name);
  });
});

describe('README example', () => {
  it('resolves as documented', async () => {
    const { resolveRtmpUrl } = await import('@rtmp/client');
    const p = resolveRtmpUrl(
      'rtmp://cdn.example.com/vod/_definst_/clips/intro.mp4 live=0 swfUrl=http://x/p.swf',
    );
    expect(p).toMatchObject({
      app: 'vod/_definst_/clips',
      playpath: 'mp4:intro',
      tcUrl: 'rtmp://cdn.example.com/vod/_definst_/clips',
    });
    try {
      resolveRtmpUrl('rtmp://h/app/x bogus=1');
      expect.unreachable();
    } catch (e) {
      expect(RtmpError.hasCode(e, UrlErrorCode.UnknownOption) && e.details).toEqual({
        position: 15,
        option: 'bogus',
      });
    }
  });
});
