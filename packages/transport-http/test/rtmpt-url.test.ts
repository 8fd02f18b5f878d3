/**
 * URL building and parsing (protocol.md §7): default ports (80 for rtmpt/rtmpte, 443 for
 * rtmpts, as in librtmp and FFmpeg's rtmphttp.c), the request paths, and the `/open/1` answer.
 */

import { describe, expect, it } from 'vitest';
import {
  HttpTransportErrorCode,
  makeRtmptEndpoint,
  parseRtmptUrl,
  parseSessionId,
  RtmpError,
  rtmptCommandUrl,
  rtmptIdentUrl,
  rtmptOpenUrl,
} from './exports.js';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return RtmpError.is(error) ? error.code : 'untyped';
  }
  return undefined;
}

describe('parseRtmptUrl', () => {
  it.each([
    ['rtmpt://example.com/vod/file', 'rtmpt', 'example.com', 80, false, false, 'http://example.com:80'],
    ['rtmpts://example.com/vod', 'rtmpts', 'example.com', 443, true, false, 'https://example.com:443'],
    ['rtmpte://example.com/app', 'rtmpte', 'example.com', 80, false, true, 'http://example.com:80'],
    ['RTMPT://Host:8080/app/x?y#z', 'rtmpt', 'Host', 8080, false, false, 'http://Host:8080'],
    ['rtmpt://127.0.0.1:1935', 'rtmpt', '127.0.0.1', 1935, false, false, 'http://127.0.0.1:1935'],
    ['rtmpts://[::1]:8443/app', 'rtmpts', '::1', 8443, true, false, 'https://[::1]:8443'],
  ])('%s', (url, scheme, host, port, secure, encrypted, origin) => {
    expect(parseRtmptUrl(url)).toEqual({ scheme, host, port, secure, encrypted, origin });
  });

  it.each([
    'rtmp://example.com/app',
    'http://example.com/',
    'rtmpt://',
    'rtmpt://host:0/app',
    'rtmpt://host:70000/app',
    'rtmpt://user@host/app',
    'rtmpt:/host/app',
  ])('rejects %s with TRANSPORT_HTTP_BAD_URL', (url) => {
    expect(codeOf(() => parseRtmptUrl(url))).toBe(HttpTransportErrorCode.BadUrl);
  });

  it('builds endpoints from parts', () => {
    expect(makeRtmptEndpoint({ host: 'h' }).origin).toBe('http://h:80');
    expect(makeRtmptEndpoint({ host: 'h', secure: true }).origin).toBe('https://h:443');
    expect(makeRtmptEndpoint({ host: 'h', encrypted: true }).scheme).toBe('rtmpte');
    expect(codeOf(() => makeRtmptEndpoint({ host: '' }))).toBe(HttpTransportErrorCode.BadUrl);
    expect(codeOf(() => makeRtmptEndpoint({ host: 'a/b' }))).toBe(HttpTransportErrorCode.BadUrl);
  });
});

describe('request URLs', () => {
  const ep = parseRtmptUrl('rtmpt://127.0.0.1:8080/vod');
  it('matches the paths librtmp and FFmpeg request', () => {
    expect(rtmptOpenUrl(ep)).toBe('http://127.0.0.1:8080/open/1');
    expect(rtmptIdentUrl(ep)).toBe('http://127.0.0.1:8080/fcs/ident2');
    expect(rtmptCommandUrl(ep, 'send', 'AbC123', 0)).toBe('http://127.0.0.1:8080/send/AbC123/0');
    expect(rtmptCommandUrl(ep, 'idle', 'AbC123', 17)).toBe('http://127.0.0.1:8080/idle/AbC123/17');
    expect(rtmptCommandUrl(ep, 'close', 'AbC123', 4294967295)).toBe(
      'http://127.0.0.1:8080/close/AbC123/4294967295',
    );
  });
});

describe('parseSessionId', () => {
  it.each([
    ['1234567890\n', '1234567890'], // Red5: numeric, newline-terminated
    ['Nx8Z5qLwJ0\r\n', 'Nx8Z5qLwJ0'], // FMS-style alphanumeric
    ['abc', 'abc'], // no terminator
    ['a.b_c-d~e\n \t', 'a.b_c-d~e'],
    [`${'x'.repeat(63)}\n`, 'x'.repeat(63)], // FFmpeg's 63-byte limit
  ])('%j → %s', (body, id) => {
    expect(parseSessionId(ascii(body))).toBe(id);
  });

  it.each([
    '',
    '\n',
    ' \r\n',
    'a/b\n',
    'a b\n',
    'a?b',
    'a#b',
    'a%2f',
    'x'.repeat(64),
    'caf\u00e9',
    'a\u0001b',
  ])('rejects %j with TRANSPORT_HTTP_BAD_SESSION_ID', (body) => {
    expect(codeOf(() => parseSessionId(ascii(body)))).toBe(HttpTransportErrorCode.BadSessionId);
  });
});
