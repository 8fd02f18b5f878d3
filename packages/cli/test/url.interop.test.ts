// `rtmp url URL [options] --json`: the resolved connection parameters equal resolveRtmpUrl's, for
// a table of URLs with librtmp options; and for plain URLs, the protocol, host, port, app and
// playpath equal what rtmpdump itself parses (its -z DEBUG lines), and so does the tcUrl that
// `rtmp dump` sends.
import { resolveRtmpUrl } from '@rtmp/client';
import { describeWithPeers, run } from '@rtmp/test-peers';
import { expect, it } from 'vitest';
import { rtmp } from './support/cli.js';

const WITH_OPTIONS = [
  'rtmp://127.0.0.1/vod/clip',
  'rtmp://example.com:1936/app/inst/mp4:dir/file.mp4',
  'rtmpe://h/a/b.flv live=1',
  'rtmpt://h:8080/app/s app=other/x playpath=mp3:song',
  'rtmps://user:pw@h/live/stream?token=1 tcUrl=rtmps://h/live swfUrl=http://s/p.swf pageUrl=http://p/ swfVfy=1',
  'rtmp://h/a/s conn=S:hello conn=O:1 conn=NS:k:v conn=O:0 flashver=WIN\\2011,1 timeout=5 buffer=1000',
  'rtmp://h/a/s start=3 stop=9 subscribe=sub token=key jtv=j playlist=1 socks=127.0.0.1:1081',
  'rtmp://[::1]:1940/app/s',
  'rtmpte://h/a/s',
];

it.each(WITH_OPTIONS)('rtmp url %s --json equals resolveRtmpUrl', async (url) => {
  const result = await rtmp(['url', ...url.split(' '), '--json'], 20_000);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(JSON.parse(JSON.stringify(resolveRtmpUrl(url))));
});

it('rtmp url prints one `name value` line per parameter without --json, and refuses a bad URL in one line', async () => {
  const text = await rtmp(['url', 'rtmp://h:1999/app/s']);
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/^host {7}"h"$/m);
  expect(text.stdout).toMatch(/^port {7}1999$/m);
  const bad = await rtmp(['url', 'http://h/app']);
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/^rtmp: error: .*\[URL_[A-Z_]+\]\n$/);
});

const PLAIN = [
  'rtmp://127.0.0.1:1/vod/clip.flv',
  'rtmp://127.0.0.1:1/app/inst/mp4:dir/file.mp4',
  'rtmp://127.0.0.1/app/s',
  'rtmpt://127.0.0.1/app/s',
  'rtmps://127.0.0.1/app/s',
  'rtmpe://127.0.0.1:2/a/b?x=1&y=2',
];

describeWithPeers(['rtmpdump'], 'URL parsing agrees with rtmpdump', () => {
  it.each(PLAIN)('%s', async (url) => {
    const theirs = await run('rtmpdump', ['-z', '-r', url, '-m', '1', '-o', '/dev/null'], {
      timeoutMs: 20_000,
    });
    const field = (text: string, name: string) => new RegExp(`DEBUG: ${name} *: (.*)$`, 'm').exec(text)?.[1];
    const params = JSON.parse((await rtmp(['url', url, '--json'])).stdout) as Record<string, unknown>;
    expect(field(theirs.stderr, 'Protocol')).toBe(String(params.protocol).toUpperCase());
    expect(field(theirs.stderr, 'Hostname')).toBe(params.host);
    expect(Number(field(theirs.stderr, 'Port'))).toBe(params.port);
    expect(field(theirs.stderr, 'app')).toBe(params.app);
    expect(field(theirs.stderr, 'Playpath')).toBe(params.playpath);
    // rtmp dump -z prints the same DEBUG lines, with the tcUrl it sends (rtmpdump's form).
    const ours = await rtmp(['dump', '-z', '-r', url, '-m', '1', '-o', '/dev/null'], 20_000);
    expect(field(ours.stderr, 'tcUrl')).toBe(field(theirs.stderr, 'tcUrl'));
    expect(field(ours.stderr, 'Playpath')).toBe(field(theirs.stderr, 'Playpath'));
  });
});
