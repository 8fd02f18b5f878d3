// SocksClientHandshake golden vectors, written by hand from the protocol documents (SOCKS4 and
// SOCKS 4A by Ying-Da Lee; RFC 1928 §3-§6; RFC 1929 §2), every reply split at every byte boundary,
// and every refusal mapped to TRANSPORT_SOCKS_FAILED with the proxy's reply code.
import { RtmpError } from '@rtmp/core';
import { parseIPv4, parseIPv6, SocksClientHandshake, type SocksRequest } from '@rtmp/transport-tcp';
import { describe, expect, it } from 'vitest';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex'));
const ascii = (s: string) => Buffer.from(s, 'latin1').toString('hex');

interface Exchange {
  name: string;
  request: SocksRequest;
  /** Alternating client → proxy and proxy → client messages. */
  steps: Array<{ client: string; proxy: string }>;
}

// Port 1935 = 07 8f, 443 = 01 bb, 80 = 00 50.
const EXCHANGES: Exchange[] = [
  {
    name: 'SOCKS4 to an IPv4 address, empty USERID',
    request: { host: '127.0.0.1', port: 1935, version: 4 },
    steps: [{ client: '04 01 078f 7f000001 00', proxy: '00 5a 0000 00000000' }],
  },
  {
    name: 'SOCKS4 with a USERID (librtmp sends none; other clients do)',
    request: { host: '10.1.2.3', port: 443, version: 4, userId: 'rtmp' },
    steps: [{ client: `04 01 01bb 0a010203 ${ascii('rtmp')} 00`, proxy: '00 5a 01bb 0a010203' }],
  },
  {
    name: 'SOCKS4a to a host name (DSTIP 0.0.0.1, name after the USERID NUL)',
    request: { host: 'example.com', port: 1935, version: '4a' },
    steps: [{ client: `04 01 078f 00000001 00 ${ascii('example.com')} 00`, proxy: '00 5a 0000 00000000' }],
  },
  {
    name: 'SOCKS4a to an IPv4 literal is plain SOCKS4',
    request: { host: '192.168.0.9', port: 80, version: '4a' },
    steps: [{ client: '04 01 0050 c0a80009 00', proxy: '00 5a 0000 00000000' }],
  },
  {
    name: 'SOCKS5 no-auth to an IPv4 address (reply BND IPv4)',
    request: { host: '10.0.0.1', port: 443, version: 5 },
    steps: [
      { client: '05 01 00', proxy: '05 00' },
      { client: '05 01 00 01 0a000001 01bb', proxy: '05 00 00 01 7f000001 0438' },
    ],
  },
  {
    name: 'SOCKS5 no-auth to a host name (ATYP 3), reply BND domain',
    request: { host: 'example.com', port: 1935, version: 5 },
    steps: [
      { client: '05 01 00', proxy: '05 00' },
      {
        client: `05 01 00 03 0b ${ascii('example.com')} 078f`,
        proxy: `05 00 00 03 09 ${ascii('proxy.lan')} 0438`,
      },
    ],
  },
  {
    name: 'SOCKS5 to an IPv6 address (ATYP 4), reply BND IPv6',
    request: { host: '::1', port: 80, version: 5 },
    steps: [
      { client: '05 01 00', proxy: '05 00' },
      {
        client: `05 01 00 04 ${'00'.repeat(15)}01 0050`,
        proxy: `05 00 00 04 2001 0db8 ${'00'.repeat(11)}01 0050`,
      },
    ],
  },
  {
    name: 'SOCKS5 user/password (RFC 1929)',
    request: { host: '127.0.0.1', port: 1935, version: 5, username: 'user', password: 'pa55' },
    steps: [
      { client: '05 02 00 02', proxy: '05 02' },
      { client: `01 04 ${ascii('user')} 04 ${ascii('pa55')}`, proxy: '01 00' },
      { client: '05 01 00 01 7f000001 078f', proxy: '05 00 00 01 00000000 0000' },
    ],
  },
  {
    name: 'SOCKS5 with credentials offered, proxy picks no-auth',
    request: { host: '127.0.0.1', port: 1935, version: 5, username: 'u', password: '' },
    steps: [
      { client: '05 02 00 02', proxy: '05 00' },
      { client: '05 01 00 01 7f000001 078f', proxy: '05 00 00 01 00000000 0000' },
    ],
  },
];

/** Runs the exchange feeding every proxy message in pieces of the given sizes. */
function run(exchange: Exchange, split: (message: Uint8Array) => Uint8Array[]): Uint8Array[] {
  const handshake = new SocksClientHandshake(exchange.request);
  const sent: Uint8Array[] = [handshake.start()];
  exchange.steps.forEach((step, index) => {
    const pieces = split(hex(step.proxy));
    pieces.forEach((piece, pieceIndex) => {
      const result = handshake.receive(piece);
      const last = pieceIndex === pieces.length - 1;
      const final = last && index === exchange.steps.length - 1;
      expect(result.done).toBe(final);
      expect(result.leftover).toBeNull();
      if (result.send) {
        expect(last).toBe(true);
        sent.push(result.send);
      } else expect(last && !final).toBe(false);
    });
  });
  expect(handshake.done).toBe(true);
  return sent;
}

describe('SocksClientHandshake golden vectors', () => {
  for (const exchange of EXCHANGES) {
    it(`${exchange.name}: exact client bytes, replies split at every byte`, () => {
      const expected = exchange.steps.map((s) => Buffer.from(hex(s.client)).toString('hex'));
      const whole = run(exchange, (m) => [m]).map((b) => Buffer.from(b).toString('hex'));
      expect(whole).toEqual(expected);
      const longest = Math.max(...exchange.steps.map((s) => hex(s.proxy).length));
      for (let cut = 1; cut < longest; cut++) {
        const split = run(exchange, (m) => (cut < m.length ? [m.subarray(0, cut), m.subarray(cut)] : [m]));
        expect(split.map((b) => Buffer.from(b).toString('hex'))).toEqual(expected);
      }
      const bytewise = run(exchange, (m) => Array.from(m, (_, i) => m.subarray(i, i + 1)));
      expect(bytewise.map((b) => Buffer.from(b).toString('hex'))).toEqual(expected);
    });
  }

  it('hands back bytes that follow the final reply as leftover', () => {
    const handshake = new SocksClientHandshake({ host: '127.0.0.1', port: 1935, version: 4 });
    handshake.start();
    const step = handshake.receive(hex('00 5a 0000 00000000 03 01 02'));
    expect(step.done).toBe(true);
    expect(Buffer.from(step.leftover as Uint8Array).toString('hex')).toBe('030102');
    expect(handshake.receive(hex('ff')).leftover).toEqual(hex('ff'));
  });
});

function refusal(request: SocksRequest, replies: string[]): RtmpError {
  const handshake = new SocksClientHandshake(request);
  handshake.start();
  try {
    for (const reply of replies) handshake.receive(hex(reply));
  } catch (error) {
    expect(RtmpError.is(error)).toBe(true);
    expect(() => handshake.receive(hex('00'))).toThrowError(/failed/);
    return error as RtmpError;
  }
  throw new Error('expected a refusal');
}

describe('SocksClientHandshake refusals', () => {
  it.each([91, 92, 93, 17])('SOCKS4 reply code %i → TRANSPORT_SOCKS_FAILED with the code', (code) => {
    const error = refusal({ host: '127.0.0.1', port: 1935, version: 4 }, [`00 ${code.toString(16)}`]);
    expect(error.code).toBe('TRANSPORT_SOCKS_FAILED');
    expect(error.details).toMatchObject({ version: 4, replyCode: code });
    expect(error.message).toContain(`reply code ${code}`);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 42])(
    'SOCKS5 reply code %i → TRANSPORT_SOCKS_FAILED with the code',
    (code) => {
      const error = refusal({ host: 'example.com', port: 1935, version: 5 }, [
        '05 00',
        `05 ${code.toString(16).padStart(2, '0')}`,
      ]);
      expect(error.code).toBe('TRANSPORT_SOCKS_FAILED');
      expect(error.details).toMatchObject({ version: 5, replyCode: code });
    },
  );

  it('SOCKS5: no acceptable method (FF), an unoffered method, rejected credentials, bad versions', () => {
    expect(refusal({ host: 'a', port: 1, version: 5 }, ['05 ff']).message).toMatch(/none of the offered/);
    expect(refusal({ host: 'a', port: 1, version: 5 }, ['05 02']).details).toMatchObject({ method: 2 });
    const auth = refusal({ host: 'a', port: 1, version: 5, username: 'u', password: 'p' }, [
      '05 02',
      '01 01',
    ]);
    expect(auth.details).toMatchObject({ authStatus: 1 });
    expect(refusal({ host: 'a', port: 1, version: 5 }, ['04 00']).details).toMatchObject({ version: 4 });
    expect(refusal({ host: 'a', port: 1, version: 5 }, ['05 00', '04 00']).details).toMatchObject({
      version: 4,
    });
    expect(refusal({ host: 'a', port: 1, version: 5 }, ['05 00', '05 00 00 07 00']).details).toMatchObject({
      addressType: 7,
    });
    expect(refusal({ host: '1.2.3.4', port: 1, version: 4 }, ['05 5a']).details).toMatchObject({
      version: 5,
    });
  });

  it('rejects what cannot be encoded with TRANSPORT_INVALID_ARGUMENT', () => {
    const start = (request: SocksRequest) => () => new SocksClientHandshake(request).start();
    const code = expect.objectContaining({ code: 'TRANSPORT_INVALID_ARGUMENT' });
    expect(start({ host: 'example.com', port: 1935, version: 4 })).toThrowError(code);
    expect(start({ host: '::1', port: 1935, version: '4a' })).toThrowError(code);
    expect(start({ host: '0.0.0.7', port: 1935, version: 4 })).toThrowError(code);
    expect(start({ host: '0.0.0.0', port: 1935, version: 4 })).not.toThrow();
    expect(start({ host: 'x'.repeat(256), port: 1935, version: 5 })).toThrowError(code);
    expect(start({ host: 'a', port: 1, version: 5, username: '', password: 'p' })).toThrowError(code);
    expect(start({ host: 'a', port: 1, version: 5, username: 'u', password: 'p'.repeat(256) })).toThrowError(
      code,
    );
    expect(start({ host: 'a', port: 1, version: 5, username: 'u' })).not.toThrow();
    expect(start({ host: 'a\0b', port: 1, version: 5 })).toThrowError(code);
    expect(() => new SocksClientHandshake({ host: 'a', port: 0, version: 5 })).toThrowError(code);
    expect(() => new SocksClientHandshake({ host: '', port: 1, version: 5 })).toThrowError(code);
  });

  it('refuses receive() before start() and a second start()', () => {
    const handshake = new SocksClientHandshake({ host: '1.2.3.4', port: 1, version: 4 });
    expect(() => handshake.receive(hex('00'))).toThrowError(
      expect.objectContaining({ code: 'TRANSPORT_SOCKS_FAILED' }),
    );
    handshake.start();
    expect(() => handshake.start()).toThrowError(expect.objectContaining({ code: 'TRANSPORT_SOCKS_FAILED' }));
  });
});

describe('IP literal parsing', () => {
  it('parses IPv4 and rejects near misses', () => {
    expect(parseIPv4('192.168.0.255')).toEqual(Uint8Array.of(192, 168, 0, 255));
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', 'a.b.c.d', '', '1..2.3'])
      expect(parseIPv4(bad)).toBeNull();
  });

  it('parses IPv6 forms (RFC 4291 §2.2) and rejects malformed ones', () => {
    const h = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : null);
    expect(h(parseIPv6('::1'))).toBe(`${'0'.repeat(30)}01`);
    expect(h(parseIPv6('::'))).toBe('0'.repeat(32));
    expect(h(parseIPv6('2001:db8::8a2e:370:7334'))).toBe('20010db8000000000000' + '8a2e03707334');
    expect(h(parseIPv6('1:2:3:4:5:6:7:8'))).toBe('00010002000300040005000600070008');
    expect(h(parseIPv6('::ffff:192.0.2.1'))).toBe(`${'0'.repeat(20)}ffffc0000201`);
    expect(h(parseIPv6('fe80::'))).toBe(`fe80${'0'.repeat(28)}`);
    for (const bad of [
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'g::1',
      '1.2.3.4',
      '1:2:3:4:5:6:7',
      '::1.2.3',
    ]) {
      expect(parseIPv6(bad)).toBeNull();
    }
  });
});
