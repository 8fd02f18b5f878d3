import {
  escapeRtmpOptionValue,
  parseRtmpOptionString,
  resolveRtmpUrl,
  unescapeRtmpOptionValue,
} from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const slow = process.env.RTMP_SLOW === '1';
const runs = slow ? 200_000 : 2_000;

// Strings biased towards the characters the parser cares about.
const urlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'rtmp://',
        'rtmpe://',
        'rtmfp://',
        '://',
        '/',
        ':',
        '?',
        '&',
        '@',
        '[',
        ']',
        '%',
        '\\',
        ' ',
        '=',
      ),
      fc.constantFrom(
        'slist=',
        'ondemand/',
        '.mp4',
        '.flv',
        '.mp3',
        'mp4:',
        'live=',
        'conn=',
        'socks=',
        'start=',
      ),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

const validUrl = fc
  .tuple(
    fc.constantFrom('rtmp', 'rtmpt', 'rtmpe', 'rtmpte', 'rtmps', 'rtmpts'),
    fc.stringMatching(/^[a-z0-9.-]{1,20}$/),
    fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    fc.array(fc.stringMatching(/^[A-Za-z0-9_.:-]{0,8}$/), { maxLength: 6 }),
  )
  .map(([scheme, host, port, segments]) => ({
    scheme,
    host,
    port,
    url: `${scheme}://${host}${port === undefined ? '' : `:${port}`}${segments.map((s) => `/${s}`).join('')}`,
  }));

describe('url properties', () => {
  it('throws nothing but RtmpError (URL_*) on arbitrary input', () => {
    fc.assert(
      fc.property(
        fc.oneof(urlish, fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 })),
        (s) => {
          try {
            const p = resolveRtmpUrl(s);
            expect(typeof p.host).toBe('string');
          } catch (error) {
            expect(RtmpError.is(error) && error.code.startsWith('URL_')).toBe(true);
          }
        },
      ),
      { numRuns: runs },
    );
  });

  it('round-trips option values through escape and unescape', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', maxLength: 40 }), (value) => {
        const escaped = escapeRtmpOptionValue(value);
        expect(escaped).not.toMatch(/[ \x00-\x1f\x7f]/);
        expect(unescapeRtmpOptionValue(escaped)).toBe(value);
      }),
      { numRuns: runs },
    );
  });

  it('carries any escaped value through a full URL option string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (value) => {
        // Lone surrogates cannot survive UTF-8; compare with what UTF-8 makes of them.
        const expected = new TextDecoder().decode(new TextEncoder().encode(value));
        const p = resolveRtmpUrl(`rtmp://h/a/x pageUrl=${escapeRtmpOptionValue(value)}`);
        expect(p.pageUrl).toBe(expected === '' ? null : expected);
        const [item] = parseRtmpOptionString(`swfUrl=${escapeRtmpOptionValue(value)}`);
        expect(item?.value).toBe(expected);
      }),
      { numRuns: runs },
    );
  });

  it('resolves well-formed URLs consistently', () => {
    fc.assert(
      fc.property(validUrl, ({ scheme, host, port, url }) => {
        const p = resolveRtmpUrl(url);
        expect(p.protocol).toBe(scheme);
        expect(p.host).toBe(host);
        if (port !== undefined) expect(p.port).toBe(port);
        // tcUrl is the URL's text up to the app, or the whole URL.
        expect(url.startsWith(p.tcUrl)).toBe(true);
        if (p.app !== '') expect(p.tcUrl.endsWith(`/${p.app}`)).toBe(true);
      }),
      { numRuns: runs },
    );
  });
});
