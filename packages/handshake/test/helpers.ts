// Test helpers: deterministic randomness, hex, and a driver that runs a client against a server.
import type { RandomSource } from '@rtmp/core';
import {
  ClientHandshake,
  type ClientHandshakeOptions,
  type HandshakeCompletion,
  type HandshakeWarning,
  ServerHandshake,
  type ServerHandshakeOptions,
} from '../src/index.js';

/** A seeded xorshift32 byte generator (deterministic, not cryptographic). */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0 || 0x9e3779b9;
  return (target) => {
    for (let n = 0; n < target.length; n++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      target[n] = state & 0xff;
    }
  };
}

/** A RandomSource that counts up: byte n of the stream is n & 0xff. */
export function countingRandom(start = 0): RandomSource {
  let counter = start;
  return (target) => {
    for (let n = 0; n < target.length; n++) target[n] = counter++ & 0xff;
  };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Feeds `bytes` in pieces whose boundaries are `cuts` (sorted offsets). */
export function pieces(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > start) out.push(bytes.subarray(start, cut));
    start = Math.max(start, cut);
  }
  return out;
}

export interface Outcome {
  client: HandshakeCompletion;
  server: HandshakeCompletion;
  clientWarnings: HandshakeWarning[];
  serverWarnings: HandshakeWarning[];
  c0c1: Uint8Array;
  s0s1s2: Uint8Array;
  c2: Uint8Array;
}

/** Runs a full handshake, feeding each direction in pieces of `chunk` bytes (Infinity = whole). */
export function runHandshake(
  clientOptions: Partial<ClientHandshakeOptions>,
  serverOptions: Partial<ServerHandshakeOptions>,
  chunk = Number.POSITIVE_INFINITY,
  seed = 1,
): Outcome {
  const client = new ClientHandshake({ random: seededRandom(seed), ...clientOptions });
  const server = new ServerHandshake({ random: seededRandom(seed + 1000), ...serverOptions });
  const clientWarnings: HandshakeWarning[] = [];
  const serverWarnings: HandshakeWarning[] = [];
  const c0c1 = client.start();
  let s0s1s2: Uint8Array | undefined;
  let c2: Uint8Array | undefined;
  let serverDone: HandshakeCompletion | undefined;
  let clientDone: HandshakeCompletion | undefined;
  const feed = (bytes: Uint8Array, into: ClientHandshake | ServerHandshake) => {
    const steps = [];
    for (let at = 0; at < bytes.length; at += Math.min(chunk, bytes.length)) {
      steps.push(into.receive(bytes.subarray(at, Math.min(bytes.length, at + chunk))));
    }
    return steps;
  };
  for (const step of feed(c0c1, server)) {
    serverWarnings.push(...step.warnings);
    if (step.send) s0s1s2 = step.send;
  }
  if (!s0s1s2) throw new Error('server sent nothing');
  for (const step of feed(s0s1s2, client)) {
    clientWarnings.push(...step.warnings);
    if (step.send) c2 = step.send;
    if (step.done) clientDone = step.done;
  }
  if (!c2 || !clientDone) throw new Error('client did not finish');
  for (const step of feed(c2, server)) {
    serverWarnings.push(...step.warnings);
    if (step.done) serverDone = step.done;
  }
  if (!serverDone) throw new Error('server did not finish');
  return { client: clientDone, server: serverDone, clientWarnings, serverWarnings, c0c1, s0s1s2, c2 };
}
