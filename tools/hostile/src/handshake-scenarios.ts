/**
 * Hostile handshakes (RTMP spec 5.2, protocol.md §3): wrong S0, truncated, never ending, garbage
 * S1, one byte per second, silence. The connect deadline must hold however the bytes trickle.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type HostileScenario, holdOpen } from './hostile-scenario.js';
import { seededRandom } from './scripted-peer.js';

const C0C1 = 1537;

function garbage(n: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(n);
  seededRandom(seed)(bytes);
  return bytes;
}

/** The well-formed S0+S1+S2 our ServerHandshake would send for this C0C1. */
function validServerHandshake(
  peer: { session: { receive(b: Uint8Array): Array<{ type: string; bytes?: Uint8Array }> } },
  c0c1: Uint8Array,
): Uint8Array {
  const sends = peer.session.receive(c0c1).flatMap((o) => (o.type === 'send' && o.bytes ? [o.bytes] : []));
  return Buffer.concat(sends);
}

export const handshakeScenarios: HostileScenario[] = [
  {
    name: 'wrong-s0-version',
    misbehaviour: 'S0 is 0x48 (an HTTP server answering "HTTP/1.1 ...") followed by 3072 bytes',
    expected: 'HANDSHAKE_BAD_VERSION at once',
    codes: ['HANDSHAKE_BAD_VERSION'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.read(C0C1);
      await peer.write(Buffer.concat([Buffer.from('H'), garbage(3072, 5)]));
      await peer.read(1);
    },
  },
  {
    name: 'truncated-handshake',
    misbehaviour: 'S0 + 700 bytes of S1, then FIN',
    expected: 'a typed close/truncation error at once, not a hang',
    codes: ['HANDSHAKE_TRUNCATED', 'CLIENT_CLOSED'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      await peer.read(C0C1);
      await peer.write(Buffer.concat([Buffer.from([3]), garbage(700, 6)]));
      await peer.end();
    },
  },
  {
    name: 'never-ending-handshake',
    misbehaviour: 'S0 + 700 bytes of S1, then silence with the socket open',
    expected: 'CLIENT_CONNECT_TIMEOUT at the 2 s connect deadline',
    codes: ['CLIENT_CONNECT_TIMEOUT'],
    phases: ['connect'],
    minMs: 1900,
    maxMs: 3000,
    clientOptions: { idleTimeout: 5000 }, // prove the connect deadline, not the idle timer
    async script(peer, signal) {
      await peer.read(C0C1);
      await peer.write(Buffer.concat([Buffer.from([3]), garbage(700, 7)]));
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'garbage-s1',
    misbehaviour:
      'S0 = 3, then S1 and S2 of random bytes (non-zero version field, no valid digest, S2 not an echo)',
    expected:
      'HANDSHAKE_DIGEST_NOT_FOUND at once (as librtmp: a versioned S1 without a valid digest is refused)',
    codes: ['HANDSHAKE_DIGEST_NOT_FOUND'],
    phases: ['connect'],
    maxMs: 1000,
    async script(peer) {
      peer.session.receive(await peer.read(C0C1)); // our own S0+S1+S2 is thrown away
      const s1 = garbage(1536, 8);
      s1.set([0, 0, 0, 0, 9, 0, 124, 2], 0);
      await peer.write(Buffer.concat([Buffer.from([3]), s1, garbage(1536, 9)]));
      await peer.read(1);
    },
  },
  {
    name: 'garbage-s1-version-zero',
    misbehaviour: 'S0 = 3, S1 random with a zero version field (an old, simple-handshake server), S2 random',
    expected:
      'falls back to the simple handshake (no digest to check, S2 echo not enforced, as librtmp) and connects',
    codes: ['ok'],
    play: false,
    maxMs: 1000,
    async script(peer) {
      peer.session.receive(await peer.read(C0C1));
      const s1 = garbage(1536, 10);
      s1.set([0, 0, 0, 0, 0, 0, 0, 0], 0);
      await peer.write(Buffer.concat([Buffer.from([3]), s1, garbage(1536, 11)]));
      await peer.serveUntil(() => false);
    },
  },
  {
    name: 'trickle-handshake',
    misbehaviour: 'a valid S0+S1+S2, one byte per second',
    expected:
      'CLIENT_CONNECT_TIMEOUT at the 2 s deadline although bytes keep arriving (librtmp would wait ~3073 × its timeout)',
    codes: ['CLIENT_CONNECT_TIMEOUT'],
    phases: ['connect'],
    minMs: 1900,
    maxMs: 3000,
    async script(peer, signal) {
      const c0c1 = await peer.read(C0C1);
      await peer.trickle(validServerHandshake(peer, c0c1), 1000, signal);
    },
  },
  {
    name: 'silent-after-accept',
    misbehaviour: 'accepts the TCP connection and never sends a byte',
    expected: 'CLIENT_CONNECT_TIMEOUT at the 2 s deadline',
    codes: ['CLIENT_CONNECT_TIMEOUT'],
    phases: ['connect'],
    minMs: 1900,
    maxMs: 3000,
    clientOptions: { idleTimeout: 5000 }, // prove the connect deadline, not the idle timer
    async script(peer, signal) {
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'slow-but-steady-handshake',
    misbehaviour: 'a valid handshake and connect answer, each byte 0.3 ms apart in 64-byte bursts',
    expected: 'connects (slow is not hostile while inside the deadline)',
    codes: ['ok'],
    play: false,
    maxMs: 2000,
    async script(peer, signal) {
      const c0c1 = await peer.read(C0C1);
      const answer = validServerHandshake(peer, c0c1);
      for (let i = 0; i < answer.length && !signal.aborted; i += 64) {
        await peer.write(answer.subarray(i, i + 64));
        await sleep(5);
      }
      await peer.serveUntil(() => false);
    },
  },
];
