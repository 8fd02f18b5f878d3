import { readFileSync } from 'node:fs';
import {
  DEFAULT_BUFFER_MS,
  DEFAULT_FLASH_VER,
  type RtmpConnectionParams,
  resolveRtmpUrl,
  UrlErrorCode,
} from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';

interface RtmpdumpCase {
  url: string;
  protocol: string;
  host: string;
  port: number;
  playpath: string;
  tcUrl: string;
  app: string;
}

// Recorded from rtmpdump 2.4 (see the fixture's "source"); url.interop.test.ts re-checks live.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/url-rtmpdump-r.json', import.meta.url), 'utf8'),
) as { cases: RtmpdumpCase[] };

function errorOf(fn: () => unknown): RtmpError {
  try {
    fn();
  } catch (error) {
    if (RtmpError.is(error)) return error;
    throw error;
  }
  throw new Error('expected an RtmpError');
}

describe('resolveRtmpUrl: librtmp RTMP_ParseURL golden cases (recorded from rtmpdump -r)', () => {
  it('has at least 25 recorded cases', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(25);
  });
  it.each(fixture.cases)('$url', (c) => {
    const p = resolveRtmpUrl(c.url);
    expect(p.protocol.toUpperCase()).toBe(c.protocol);
    expect(p.host).toBe(c.host);
    expect(p.port).toBe(c.port);
    expect(p.app).toBe(c.app);
    expect(p.playpath).toBe(c.playpath);
    // rtmpdump -r always builds "proto://host:port/app"; we do the same once a URL part is overridden.
    expect(resolveRtmpUrl(c.url, { host: c.host }).tcUrl).toBe(c.tcUrl);
  });
});

describe('resolveRtmpUrl: tcUrl as RTMP_SetupURL builds it', () => {
  const cases: Array<[string, string]> = [
    // The URL's own text up to the end of the app (scheme case and port text kept).
    ['rtmp://h/app/x.flv', 'rtmp://h/app'],
    ['RTMP://h:1935/vod/x', 'RTMP://h:1935/vod'],
    ['rtmp://h/vod?arg=1/foo.flv', 'rtmp://h/vod?arg=1'],
    ['rtmp://h/a/b/c/d', 'rtmp://h/a/b/c'],
    ['rtmp://h/ondemand/foo/bar.mp4', 'rtmp://h/ondemand'],
    ['rtmp://h/app?slist=foo.mp4&x=1', 'rtmp://h/app?slist=foo.mp4&x=1'],
    // No app: the whole URL.
    ['rtmp://h', 'rtmp://h'],
    ['rtmp://h/', 'rtmp://h/'],
    ['rtmp://h//x', 'rtmp://h//x'],
    // Credentials never go into tcUrl.
    ['rtmp://u:p@h:1940/live/s', 'rtmp://h:1940/live'],
    ['rtmp://[::1]:1935/live/s', 'rtmp://[::1]:1935/live'],
    // app= option: built as proto://host:port/app (lower-case protocol, port always).
    ['rtmp://h/vod/foo app=live', 'rtmp://h:1935/live'],
    ['RTMPT://h/vod/foo app=live', 'rtmpt://h:80/live'],
    ['rtmp://[::1]/vod/foo app=live', 'rtmp://[::1]:1935/live'],
    // tcUrl= option wins.
    ['rtmp://h/vod/foo tcUrl=rtmp://other/x', 'rtmp://other/x'],
  ];
  it.each(cases)('%s → %s', (url, tcUrl) => {
    expect(resolveRtmpUrl(url).tcUrl).toBe(tcUrl);
  });
});

describe('resolveRtmpUrl: schemes, ports, transports', () => {
  const table: Array<[string, RtmpConnectionParams['transport'], boolean, number]> = [
    ['rtmp', 'tcp', false, 1935],
    ['rtmpe', 'tcp', true, 1935],
    ['rtmpt', 'http', false, 80],
    ['rtmpte', 'http', true, 80],
    ['rtmps', 'tls', false, 443],
    ['rtmpts', 'https', false, 443],
  ];
  it.each(table)('%s → %s encrypted=%s port %i', (scheme, transport, encrypted, port) => {
    const p = resolveRtmpUrl(`${scheme}://h/app/x`);
    expect(p).toMatchObject({ protocol: scheme, transport, encrypted, port });
  });
  it('takes the scheme case-insensitively', () => {
    expect(resolveRtmpUrl('RtMpTs://h/a/b').protocol).toBe('rtmpts');
  });
  it('refuses rtmfp with a clear message', () => {
    const e = errorOf(() => resolveRtmpUrl('rtmfp://h/app/x'));
    expect(e.code).toBe(UrlErrorCode.UnsupportedScheme);
    expect(e.message).toMatch(/rtmfp.*not supported/);
    expect(e.details).toMatchObject({ position: 0, scheme: 'rtmfp' });
  });
  it.each(['http://h/app/x', 'rtmpx://h/a', '://h/a', 'RTMPTT://h/a'])('refuses the scheme of %s', (url) => {
    expect(errorOf(() => resolveRtmpUrl(url)).code).toBe(UrlErrorCode.UnsupportedScheme);
  });
  it('reads an explicit port', () => {
    expect(resolveRtmpUrl('rtmps://h:8443/app/x').port).toBe(8443);
  });
  it('treats an empty port as the default', () => {
    expect(resolveRtmpUrl('rtmpt://h:/app/x').port).toBe(80);
  });
});

describe('resolveRtmpUrl: IPv6 literals and credentials', () => {
  it('reads [::1]:1935', () => {
    const p = resolveRtmpUrl('rtmp://[::1]:1935/live/stream');
    expect(p).toMatchObject({ host: '::1', port: 1935, app: 'live', playpath: 'stream' });
  });
  it('reads an IPv6 literal without port, with a zone', () => {
    expect(resolveRtmpUrl('rtmp://[fe80::1%25eth0]/a/b')).toMatchObject({
      host: 'fe80::1%25eth0',
      port: 1935,
    });
  });
  it('keeps user:pass@ for publisher auth, percent-decoded', () => {
    const p = resolveRtmpUrl('rtmp://pub%40x:s%3Acret@h/live/key');
    expect(p).toMatchObject({
      user: 'pub@x',
      pass: 's:cret',
      pubUser: 'pub@x',
      pubPasswd: 's:cret',
      host: 'h',
    });
  });
  it('lets pubUser/pubPasswd options win over the URL credentials', () => {
    const p = resolveRtmpUrl('rtmp://u:p@h/live/key pubUser=admin pubPasswd=x\\20y');
    expect(p).toMatchObject({ user: 'u', pass: 'p', pubUser: 'admin', pubPasswd: 'x y' });
  });
  it('takes a user without password', () => {
    expect(resolveRtmpUrl('rtmp://u@h/live/key')).toMatchObject({ user: 'u', pass: null });
  });
});

describe('resolveRtmpUrl: defaults', () => {
  it('fills every field', () => {
    expect(resolveRtmpUrl('rtmp://h/app/x')).toEqual({
      protocol: 'rtmp',
      transport: 'tcp',
      encrypted: false,
      host: 'h',
      port: 1935,
      app: 'app',
      playpath: 'x',
      tcUrl: 'rtmp://h/app',
      swfUrl: null,
      pageUrl: null,
      flashVer: DEFAULT_FLASH_VER,
      conn: [],
      live: false,
      subscribe: null,
      playlist: false,
      start: 0,
      stop: 0,
      buffer: DEFAULT_BUFFER_MS,
      timeout: 30,
      token: null,
      jtv: null,
      swfVfy: false,
      swfAge: 30,
      socks: null,
      user: null,
      pass: null,
      pubUser: null,
      pubPasswd: null,
    } satisfies RtmpConnectionParams);
    expect(DEFAULT_FLASH_VER).toBe('LNX 10,0,32,18');
    expect(DEFAULT_BUFFER_MS).toBe(36_000_000);
  });
  it('gives an empty app and playpath for a bare host', () => {
    expect(resolveRtmpUrl('rtmp://h:99')).toMatchObject({ app: '', playpath: '', port: 99 });
  });
});

describe('resolveRtmpUrl: option string', () => {
  it('applies every option librtmp knows', () => {
    const p = resolveRtmpUrl(
      'rtmp://h/app/x socks=proxy:1081 app=a2 tcUrl=rtmp://t/a2 pageUrl=http://p/ swfUrl=http://s/p.swf ' +
        'flashver=WIN\\2011,2,3,4 conn=S:one conn=B:1 playpath=mp4:y playlist=1 live=true subscribe=sub ' +
        'token=tok jtv=jt swfVfy=yes swfAge=7 start=5000 stop=0x10 buffer=1000 timeout=010 pubUser=pu pubPasswd=pp',
    );
    expect(p).toMatchObject({
      socks: { host: 'proxy', port: 1081 },
      app: 'a2',
      tcUrl: 'rtmp://t/a2',
      pageUrl: 'http://p/',
      swfUrl: 'http://s/p.swf',
      flashVer: 'WIN 11,2,3,4',
      conn: ['S:one', 'B:1'],
      playpath: 'mp4:y',
      playlist: true,
      live: true,
      subscribe: 'sub',
      token: 'tok',
      jtv: 'jt',
      swfVfy: true,
      swfAge: 7,
      start: 5000,
      stop: 16, // strtol base 0: hex
      buffer: 1000,
      timeout: 8, // strtol base 0: leading 0 is octal
      pubUser: 'pu',
      pubPasswd: 'pp',
    });
  });
  it('matches names case-insensitively and collapses runs of spaces', () => {
    const p = resolveRtmpUrl('  rtmp://h/app/x   LIVE=ON    SWFURL=http://s/a.swf   flashVer=x  ');
    expect(p).toMatchObject({ live: true, swfUrl: 'http://s/a.swf', flashVer: 'x' });
  });
  it('takes a value containing "=" whole', () => {
    expect(resolveRtmpUrl('rtmp://h/app/x conn=S:a=b').conn).toEqual(['S:a=b']);
  });
  it.each([
    ['1', true],
    ['true', true],
    ['YES', true],
    ['On', true],
    ['0', false],
    ['FALSE', false],
    ['no', false],
    ['off', false],
  ])('reads boolean %s as %s, and can clear a flag', (word, value) => {
    expect(resolveRtmpUrl(`rtmp://h/a/x live=1 live=${word}`).live).toBe(value);
  });
  it('lets the last value win and appends conn items in order', () => {
    const p = resolveRtmpUrl('rtmp://h/a/x start=1 start=2 conn=O:1 conn=NS:k:v conn=O:0');
    expect(p.start).toBe(2);
    expect(p.conn).toEqual(['O:1', 'NS:k:v', 'O:0']);
  });
  it('decodes \\XX escapes as UTF-8', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x pageUrl=http://x/\\c3\\a9\\20\\5c').pageUrl).toBe('http://x/é \\');
  });
  it('treats an empty value as "not set"', () => {
    const p = resolveRtmpUrl('rtmp://h/a/x swfUrl=http://s swfUrl= flashver= tcUrl=');
    expect(p).toMatchObject({ swfUrl: null, flashVer: DEFAULT_FLASH_VER, tcUrl: 'rtmp://h/a' });
  });
  it('defaults the socks port to 1080 and reads [v6]:port', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x socks=p').socks).toEqual({ host: 'p', port: 1080 });
    expect(resolveRtmpUrl('rtmp://h/a/x socks=[::1]:9').socks).toEqual({ host: '::1', port: 9 });
  });
});

describe('resolveRtmpUrl: explicit options (CLI flags) win over URL and option string', () => {
  it('overrides app, playpath, host, port and protocol, and rebuilds tcUrl', () => {
    const p = resolveRtmpUrl('rtmp://h/vod/x.mp4 app=fromopt playpath=fromopt', {
      app: 'cli',
      playpath: 'clip',
      host: 'other',
      port: 1940,
    });
    expect(p).toMatchObject({ app: 'cli', playpath: 'clip', host: 'other', port: 1940 });
    expect(p.tcUrl).toBe('rtmp://other:1940/cli');
  });
  it('changes the default port with the protocol', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x', { protocol: 'rtmps' })).toMatchObject({
      port: 443,
      transport: 'tls',
      tcUrl: 'rtmps://h:443/a',
    });
  });
  it('keeps an explicit tcUrl from the option string when only the app changes', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x tcUrl=rtmp://t/z', { app: 'b' }).tcUrl).toBe('rtmp://t/z');
  });
  it('replaces conn items and clears flags', () => {
    const p = resolveRtmpUrl('rtmp://h/a/x conn=S:url live=1', { conn: ['N:1'], live: false });
    expect(p).toMatchObject({ conn: ['N:1'], live: false });
  });
  it('accepts brackets around an IPv6 host', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x', { host: '[::1]' }).tcUrl).toBe('rtmp://[::1]:1935/a');
  });
  it('ignores undefined values', () => {
    expect(resolveRtmpUrl('rtmp://h/a/x', { app: undefined } as never).app).toBe('a');
  });
  it('accepts transport/encrypted that agree with the protocol', () => {
    expect(resolveRtmpUrl('rtmpe://h/a/x', { transport: 'tcp', encrypted: true }).encrypted).toBe(true);
  });
});

describe('resolveRtmpUrl: errors', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['h/app/x', UrlErrorCode.Invalid, { position: 0 }],
    ['rtmp://', UrlErrorCode.Invalid, { position: 7 }],
    ['rtmp:///app', UrlErrorCode.Invalid, { position: 7 }],
    ['rtmp://h:0/a', UrlErrorCode.Invalid, { position: 9 }],
    ['rtmp://h:65536/a', UrlErrorCode.Invalid, { position: 9 }],
    ['rtmp://h:abc/a', UrlErrorCode.Invalid, { position: 9 }],
    ['rtmp://[::1/a', UrlErrorCode.Invalid, { position: 7 }],
    ['rtmp://[zz]/a', UrlErrorCode.Invalid, { position: 7 }],
    ['rtmp://[::1]x/a', UrlErrorCode.Invalid, { position: 12 }],
    ['rtmp://h?x=1', UrlErrorCode.Invalid, { position: 8 }],
    ['rtmp://h/a/b\u0001c', UrlErrorCode.Invalid, { position: 12 }],
    ['rtmp://h/a/x live', UrlErrorCode.Invalid, { position: 13, option: 'live' }],
    ['rtmp://h/a/x  bogus=1', UrlErrorCode.UnknownOption, { position: 14, option: 'bogus' }],
    ['rtmp://h/a/x live=maybe', UrlErrorCode.BadOptionValue, { position: 13, option: 'live' }],
    ['rtmp://h/a/x start=-1', UrlErrorCode.BadOptionValue, { position: 13, option: 'start' }],
    ['rtmp://h/a/x start=12abc', UrlErrorCode.BadOptionValue, { position: 13, option: 'start' }],
    ['rtmp://h/a/x buffer=4294967296', UrlErrorCode.BadOptionValue, { option: 'buffer' }],
    ['rtmp://h/a/x swfUrl=a\\2', UrlErrorCode.BadOptionValue, { position: 21, option: 'swfUrl' }],
    ['rtmp://h/a/x swfUrl=a\\zz', UrlErrorCode.BadOptionValue, { position: 21, option: 'swfUrl' }],
    ['rtmp://h/a/x socks=:1', UrlErrorCode.BadOptionValue, { option: 'socks' }],
    ['rtmp://h/a/x socks=p:0', UrlErrorCode.BadOptionValue, { option: 'socks' }],
    ['rtmp://h/a/x conn=X:1', UrlErrorCode.BadOptionValue, { option: 'conn' }],
  ];
  it.each(cases)('%s → %s', (url, code, details) => {
    const e = errorOf(() => resolveRtmpUrl(url));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject(details);
  });
  it('refuses a host of 256 characters (librtmp limit)', () => {
    expect(errorOf(() => resolveRtmpUrl(`rtmp://${'a'.repeat(256)}/x`)).code).toBe(UrlErrorCode.Invalid);
    expect(resolveRtmpUrl(`rtmp://${'a'.repeat(255)}/x`).host.length).toBe(255);
  });
  it('bounds the input length and the option count', () => {
    const long = `rtmp://h/a/${'x'.repeat(70_000)}`;
    expect(errorOf(() => resolveRtmpUrl(long)).details).toMatchObject({ limit: 65536 });
    expect(resolveRtmpUrl(long, {}, { maxLength: 100_000 }).playpath.length).toBe(70_000);
    const many = `rtmp://h/a/x${' conn=S:x'.repeat(5)}`;
    expect(errorOf(() => resolveRtmpUrl(many, {}, { maxOptions: 4 })).details).toMatchObject({ limit: 4 });
  });
  const bad: Array<[Record<string, unknown>, string, string]> = [
    [{ bogus: 1 }, UrlErrorCode.UnknownOption, 'bogus'],
    [{ protocol: 'rtmfp' }, UrlErrorCode.UnsupportedScheme, 'protocol'],
    [{ protocol: 'http' }, UrlErrorCode.BadOptionValue, 'protocol'],
    [{ port: 0 }, UrlErrorCode.BadOptionValue, 'port'],
    [{ port: 1.5 }, UrlErrorCode.BadOptionValue, 'port'],
    [{ host: '' }, UrlErrorCode.BadOptionValue, 'host'],
    [{ host: 'a b' }, UrlErrorCode.BadOptionValue, 'host'],
    [{ app: 3 }, UrlErrorCode.BadOptionValue, 'app'],
    [{ swfUrl: 3 }, UrlErrorCode.BadOptionValue, 'swfUrl'],
    [{ live: 'yes' }, UrlErrorCode.BadOptionValue, 'live'],
    [{ start: -1 }, UrlErrorCode.BadOptionValue, 'start'],
    [{ conn: 'S:x' }, UrlErrorCode.BadOptionValue, 'conn'],
    [{ conn: ['Q:x'] }, UrlErrorCode.BadOptionValue, 'conn'],
    [{ socks: { host: 'p' } }, UrlErrorCode.BadOptionValue, 'socks'],
    [{ tcUrl: 5 }, UrlErrorCode.BadOptionValue, 'tcUrl'],
    [{ transport: 'tls' }, UrlErrorCode.BadOptionValue, 'transport'],
    [{ encrypted: true }, UrlErrorCode.BadOptionValue, 'encrypted'],
  ];
  it.each(bad)('explicit %o → %s', (options, code, option) => {
    const e = errorOf(() => resolveRtmpUrl('rtmp://h/a/x', options as never));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ position: -1, option });
  });
  it('refuses a non-string input with a typed error', () => {
    expect(errorOf(() => resolveRtmpUrl(42 as never)).code).toBe(UrlErrorCode.Invalid);
  });
});
