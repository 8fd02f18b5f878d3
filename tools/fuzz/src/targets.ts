/**
 * Fuzz targets: each feeds one input to a decoder the network reaches (AMF0/AMF3 spec decoders,
 * RTMP spec 5.3 chunk stream, 5.2 handshake in both roles, the client session's receive path,
 * RTMPT responses (protocol.md §7), librtmp URLs). Returns an outcome signature (used as
 * feedback: inputs with a new signature join the working corpus). Only RtmpError may escape.
 */
import { decodeAmf0, decodeAmf0Lossless } from '@rtmp/amf0';
import { decodeAmf3, decodeAmf3Lossless } from '@rtmp/amf3';
import { ChunkDecoder, decodeProtocolControl, decodeUserControl, unpackAggregate } from '@rtmp/chunk';
import { parseRtmpUrl, resolveRtmpUrl } from '@rtmp/client';
import { decodeCommand } from '@rtmp/commands';
import { RtmpError } from '@rtmp/core';
import { ClientHandshake, ServerHandshake } from '@rtmp/handshake';
import { ClientSession } from '@rtmp/session';
import {
  connectHttpTransport,
  type FetchLike,
  parseSessionId,
  type ResponseLike,
} from '@rtmp/transport-http';

/** A fuzz target. `run` throws only RtmpError for bad input; anything else is a crash. */
export interface FuzzTarget {
  name: TargetName;
  run(input: Uint8Array): string | Promise<string>;
}

export const TARGET_NAMES = [
  'amf0',
  'amf3',
  'chunk',
  'handshake-client',
  'handshake-server',
  'session-client',
  'rtmpt-response',
  'url',
] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** Deterministic RandomSource (xorshift32) so the session/handshake targets replay exactly. */
export function seeded(seed: number): (target: Uint8Array) => void {
  let state = seed >>> 0 || 1;
  return (target) => {
    for (let i = 0; i < target.length; i++) {
      state ^= state << 13;
      state >>>= 0;
      state ^= state >>> 17;
      state ^= state << 5;
      state >>>= 0;
      target[i] = state & 0xff;
    }
  };
}

/** Runs `fn`; an RtmpError becomes the signature `E:<code>`, anything else propagates (a crash). */
function typed(fn: () => string): string {
  try {
    return fn();
  } catch (error) {
    if (error instanceof RtmpError) return `E:${error.code}`;
    throw error;
  }
}

function amf0(input: Uint8Array): string {
  const a = typed(() => `ok:${decodeAmf0(input).length}`);
  const b = typed(() => `ok:${decodeAmf0Lossless(input).length}`);
  return `${a}|${b}`;
}

function amf3(input: Uint8Array): string {
  const a = typed(() => `ok:${decodeAmf3(input).length}`);
  const b = typed(() => `ok:${decodeAmf3Lossless(input).length}`);
  return `${a}|${b}`;
}

/** Pieces of `input` at boundaries derived from its length (split feeds without extra input). */
function* pieces(input: Uint8Array, step: number): Generator<Uint8Array> {
  for (let i = 0; i < input.length; i += step) yield input.subarray(i, i + step);
}

function chunk(input: Uint8Array): string {
  const step = 1 + (input.length % 97);
  return typed(() => {
    const decoder = new ChunkDecoder({ maxBufferedBytes: 1 << 20 });
    const types: number[] = [];
    for (const piece of pieces(input, step)) {
      for (const message of decoder.push(piece)) {
        types.push(message.typeId);
        // What a session does with them next: control, user control, aggregates, commands.
        const sub = typed(() => {
          if (message.typeId >= 1 && message.typeId <= 6 && message.typeId !== 4)
            decodeProtocolControl(message);
          else if (message.typeId === 4) decodeUserControl(message.payload);
          else if (message.typeId === 22)
            for (const m of unpackAggregate(message)) types.push(100 + m.typeId);
          else if (message.typeId === 20 || message.typeId === 17) decodeCommand(message);
          return 'ok';
        });
        if (sub !== 'ok') types.push(-1);
      }
    }
    return `ok:${types.slice(0, 8).join(',')}`;
  });
}

function handshakeClient(input: Uint8Array): string {
  const mode = (['plain', 'digest', 'rtmpe'] as const)[(input[0] ?? 0) % 3];
  return typed(() => {
    const hs = new ClientHandshake({ random: seeded(3), mode });
    hs.start();
    let state = 'pending';
    for (const piece of pieces(input.subarray(1), 1 + (input.length % 1600))) {
      const step = hs.receive(piece);
      if (step.done) state = `done:${step.done.mode}`;
    }
    return `${mode}:${state}`;
  });
}

function handshakeServer(input: Uint8Array): string {
  return typed(() => {
    const hs = new ServerHandshake({
      random: seeded(5),
      digestPolicy: (input[0] ?? 0) & 1 ? 'error' : 'warn',
    });
    let state = 'pending';
    for (const piece of pieces(input.subarray(1), 1 + (input.length % 1600))) {
      const step = hs.receive(piece);
      if (step.done) state = `done:${step.done.mode}:${step.done.type}`;
    }
    return state;
  });
}

/** The client session playing `s`: fed in 64-byte pieces; play() as soon as it is connected. */
export function sessionClient(input: Uint8Array): string {
  return typed(() => {
    const session = new ClientSession({
      random: seeded(7),
      clock: () => 0,
      connect: { app: 'vod', tcUrl: 'rtmp://127.0.0.1/vod', flashVer: 'LNX 10,0,32,18' },
    });
    session.start();
    const events = new Set<string>();
    let playing = false;
    for (const piece of pieces(input, 64)) {
      for (const out of session.receive(piece)) if (out.type === 'event') events.add(out.event.type);
      if (!playing && session.state === 'connected') {
        playing = true;
        session.play({ name: 's', start: 0 });
      }
    }
    return `ok:${[...events].sort().join(',')}`;
  });
}

/** RTMPT: `/open/1` answered with the input's first line, the first idle with the rest. */
async function rtmptResponse(input: Uint8Array): Promise<string> {
  const sig = typed(() => `id:${parseSessionId(input).length}`);
  const nl = input.indexOf(0x0a);
  const openBody = nl >= 0 ? input.subarray(0, nl + 1) : input;
  const rest = nl >= 0 ? input.subarray(nl + 1) : new Uint8Array(0);
  const statuses = [200, 200, 200, 404, 500];
  let calls = 0;
  const respond = (body: Uint8Array, status: number, contentType: string): ResponseLike => {
    let sent = false;
    return {
      status,
      ok: status >= 200 && status < 300,
      headers: { get: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : null) },
      body: {
        getReader: () => ({
          read: async () => {
            if (sent) return { done: true };
            sent = true;
            return { done: false, value: body };
          },
          cancel: async () => {},
          releaseLock: () => {},
        }),
      },
    } as unknown as ResponseLike;
  };
  const fetch: FetchLike = async (url: string) => {
    calls++;
    if (calls > 6) throw new TypeError('fetch failed (fuzz: no more answers)');
    if (String(url).includes('/open/')) return respond(openBody, 200, 'application/x-fcs');
    const status = statuses[(rest[0] ?? 0) % statuses.length] as number;
    return respond(
      calls === 2 ? rest : Uint8Array.of(1),
      status,
      (rest[1] ?? 0) & 1 ? 'text/html' : 'application/x-fcs',
    );
  };
  const timers = {
    setTimeout: (cb: () => void) => {
      queueMicrotask(cb);
      return 0;
    },
    clearTimeout: () => {},
  };
  try {
    const transport = await connectHttpTransport(
      { host: '127.0.0.1', port: 80, secure: false, encrypted: false },
      { fetch, timers, probeIdent: false, connectTimeoutMs: 1000, requestTimeoutMs: 1000 },
    );
    transport.write(Uint8Array.of(3));
    let got = 0;
    try {
      for await (const bytes of transport) {
        got += bytes.length;
        if (got > 0) break;
      }
    } finally {
      transport.destroy();
    }
    return `${sig}|got:${got > 0}`;
  } catch (error) {
    if (error instanceof RtmpError) return `${sig}|E:${error.code}`;
    throw error;
  }
}

function url(input: Uint8Array): string {
  const text = new TextDecoder().decode(input);
  const a = typed(() => `ok:${parseRtmpUrl(text).protocol}`);
  const b = typed(() => `ok:${resolveRtmpUrl(text).transport}`);
  return `${a}|${b}`;
}

/** All targets by name. */
export const TARGETS: Record<TargetName, FuzzTarget> = {
  amf0: { name: 'amf0', run: amf0 },
  amf3: { name: 'amf3', run: amf3 },
  chunk: { name: 'chunk', run: chunk },
  'handshake-client': { name: 'handshake-client', run: handshakeClient },
  'handshake-server': { name: 'handshake-server', run: handshakeServer },
  'session-client': { name: 'session-client', run: sessionClient },
  'rtmpt-response': { name: 'rtmpt-response', run: rtmptResponse },
  url: { name: 'url', run: url },
};
