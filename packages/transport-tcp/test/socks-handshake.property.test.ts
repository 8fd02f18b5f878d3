// fast-check properties of SocksClientHandshake: every request it encodes decodes (by a separate
// parser written from RFC 1928/1929 and the SOCKS4/4A documents) to the same target; any split of
// valid replies opens the tunnel with the right leftover; random replies only raise typed errors.
import { RtmpError } from '@rtmp/core';
import { SocksClientHandshake, type SocksRequest } from '@rtmp/transport-tcp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const slow = process.env.RTMP_SLOW === '1';
const runs = slow ? 20_000 : 300;

interface Parsed {
  host: string;
  port: number;
  userId?: string;
}

/** Independent parser of a SOCKS4/4a request. */
function parseSocks4(b: Buffer): Parsed {
  expect(b[0]).toBe(4);
  expect(b[1]).toBe(1);
  const port = b.readUInt16BE(2);
  const nul = b.indexOf(0, 8);
  const userId = b.subarray(8, nul).toString('utf8');
  const ip = [...b.subarray(4, 8)];
  if (ip[0] === 0 && ip[1] === 0 && ip[2] === 0 && ip[3] !== 0) {
    const end = b.indexOf(0, nul + 1);
    expect(end).toBe(b.length - 1);
    return { host: b.subarray(nul + 1, end).toString('utf8'), port, userId };
  }
  expect(nul).toBe(b.length - 1);
  return { host: ip.join('.'), port, userId };
}

/** Independent parser of a SOCKS5 CONNECT request. */
function parseSocks5(b: Buffer): Parsed {
  expect([...b.subarray(0, 3)]).toEqual([5, 1, 0]);
  let host: string;
  let at: number;
  if (b[3] === 1) {
    host = [...b.subarray(4, 8)].join('.');
    at = 8;
  } else if (b[3] === 4) {
    const groups: string[] = [];
    for (let i = 0; i < 8; i++) groups.push(b.readUInt16BE(4 + i * 2).toString(16));
    host = groups.join(':');
    at = 20;
  } else {
    expect(b[3]).toBe(3);
    const len = b[4] as number;
    host = b.subarray(5, 5 + len).toString('utf8');
    at = 5 + len;
  }
  expect(b.length).toBe(at + 2);
  return { host, port: b.readUInt16BE(at) };
}

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));
/** 0.0.0.x (x ≠ 0) is the SOCKS4a marker, refused as a SOCKS4 target (tested in the unit tests). */
const socks4Ip = ipv4.filter((ip) => !/^0\.0\.0\.[1-9]/.test(ip));
const ipv6Groups = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
const hostName = fc
  .stringMatching(/^[a-z0-9][a-z0-9.-]{0,200}$/)
  .filter((s) => !/^[0-9.]+$/.test(s) && !s.includes(':'));
const port = fc.integer({ min: 1, max: 65535 });

describe('SocksClientHandshake properties', () => {
  it('SOCKS4/4a requests decode to the requested target', () => {
    fc.assert(
      fc.property(
        fc.oneof(socks4Ip, hostName),
        port,
        fc.stringMatching(/^[a-zA-Z0-9]{0,40}$/),
        (host, p, userId) => {
          const isIp = /^[0-9.]+$/.test(host);
          const handshake = new SocksClientHandshake({ host, port: p, version: isIp ? 4 : '4a', userId });
          const parsed = parseSocks4(Buffer.from(handshake.start()));
          expect(parsed).toEqual({ host, port: p, userId });
        },
      ),
      { numRuns: runs },
    );
  });

  it('SOCKS5 requests decode to the requested target (IPv4, IPv6, names)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ipv4,
          ipv6Groups.map((g) => g.map((x) => x.toString(16)).join(':')),
          hostName,
        ),
        port,
        (host, p) => {
          const handshake = new SocksClientHandshake({ host, port: p, version: 5 });
          expect([...handshake.start()]).toEqual([5, 1, 0]);
          const step = handshake.receive(Uint8Array.of(5, 0));
          expect(parseSocks5(Buffer.from(step.send as Uint8Array))).toEqual({ host, port: p });
        },
      ),
      { numRuns: runs },
    );
  });

  it('any split of valid SOCKS5 replies (with trailing target bytes) opens the tunnel with the right leftover', () => {
    const reply = fc.oneof(
      fc.constant(Buffer.from('05000001000000000000', 'hex')),
      fc
        .uint8Array({ minLength: 16, maxLength: 16 })
        .map((a) => Buffer.concat([Buffer.of(5, 0, 0, 4), a, Buffer.of(0, 1)])),
      hostName.map((n) => Buffer.concat([Buffer.of(5, 0, 0, 3, n.length), Buffer.from(n), Buffer.of(1, 2)])),
    );
    fc.assert(
      fc.property(
        reply,
        fc.uint8Array({ maxLength: 20 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (r, tail, cuts) => {
          const handshake = new SocksClientHandshake({
            host: 'h',
            port: 1935,
            version: 5,
            username: 'u',
            password: 'p',
          });
          handshake.start();
          const stream = Buffer.concat([Buffer.of(5, 2, 1, 0), r, tail]);
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          let last = 0;
          const leftovers: Uint8Array[] = [];
          let done = false;
          for (const point of [...points, stream.length]) {
            const step = handshake.receive(stream.subarray(last, point));
            last = point;
            if (step.leftover) leftovers.push(step.leftover);
            done ||= step.done;
          }
          expect(done).toBe(true);
          expect(Buffer.concat(leftovers).equals(Buffer.from(tail))).toBe(true);
        },
      ),
      { numRuns: runs },
    );
  });

  it('random proxy bytes raise only typed errors and never hang in a loop', () => {
    const request = fc.constantFrom<SocksRequest>(
      { host: '1.2.3.4', port: 1, version: 4 },
      { host: 'name', port: 1, version: '4a' },
      { host: 'name', port: 1, version: 5 },
      { host: 'name', port: 1, version: 5, username: 'u', password: 'p' },
    );
    fc.assert(
      fc.property(request, fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }), (req, pieces) => {
        const handshake = new SocksClientHandshake(req);
        handshake.start();
        try {
          for (const piece of pieces) {
            const step = handshake.receive(piece);
            if (step.send) expect(step.send.length).toBeLessThan(600);
          }
        } catch (error) {
          expect(RtmpError.is(error)).toBe(true);
          expect((error as RtmpError).code).toBe('TRANSPORT_SOCKS_FAILED');
        }
      }),
      { numRuns: slow ? 100_000 : 1_000 },
    );
  });
});
