/**
 * Chunk-stream benchmark: @rtmp/chunk's ChunkDecoder against node-media-server's parser
 * (src/protocol/rtmp.js, class Rtmp) and a Buffer.copy ceiling, plus ChunkEncoder throughput.
 *
 * Input: ~200 MB of realistic A/V built in memory (30 fps video of 20–60 KB on csid 6, AAC-like
 * audio of ~300 B every 23 ms on csid 4, interleaved by timestamp), fed in 64 KiB slices, at chunk
 * size 128 and 4096. Every contender runs in its own child process (same run, one after another),
 * builds the same stream, and checks inside the timed loop that it saw every message with the
 * right length and content checksum. node-media-server's FLV tag parsing and callbacks are
 * stubbed so both sides do only chunk framing and message assembly.
 *
 *   pnpm --filter @rtmp/chunk... build && pnpm --filter @rtmp/bench chunk [--mb 200] [--runs 5] [--rounds 3]
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ChunkDecoder, ChunkEncoder, type DecodedMessage } from '@rtmp/chunk';
import type { RtmpMessage } from '@rtmp/core';

const SLICE = 64 * 1024;

interface Stream {
  messages: RtmpMessage[];
  csids: number[];
  bytes: Buffer;
  expectedCount: number;
  expectedPayloadBytes: number;
  expectedChecksum: number;
}

/** Deterministic xorshift32 filled pool the payloads are cut from. */
function pool(size: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const checksumOf = (p: Uint8Array, length: number) =>
  length === 0 ? 0 : (p[0]! * 31 + p[length - 1]! + length) | 0;

function buildMessages(targetBytes: number): { messages: RtmpMessage[]; csids: number[] } {
  const data = pool(1 << 20);
  const messages: RtmpMessage[] = [];
  const csids: number[] = [];
  let total = 0;
  let v = 0;
  let a = 0;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  while (total < targetBytes) {
    const vt = Math.round((v * 1000) / 30);
    const at = Math.round((a * 1024 * 1000) / 44100);
    if (at <= vt) {
      const length = 250 + Math.floor(rand() * 100);
      const off = Math.floor(rand() * (data.length - length));
      messages.push({ typeId: 8, streamId: 1, timestamp: at, payload: data.subarray(off, off + length) });
      csids.push(4);
      a++;
      total += length;
    } else {
      const length = 20_000 + Math.floor(rand() * 40_000);
      const off = Math.floor(rand() * (data.length - length));
      messages.push({ typeId: 9, streamId: 1, timestamp: vt, payload: data.subarray(off, off + length) });
      csids.push(6);
      v++;
      total += length;
    }
  }
  return { messages, csids };
}

function buildStream(mb: number, chunkSize: number): Stream {
  const { messages, csids } = buildMessages(mb * 1e6);
  const encoder = new ChunkEncoder();
  const parts: Uint8Array[] = [];
  if (chunkSize !== 128) parts.push(encoder.encodeSetChunkSize(chunkSize));
  let checksum = 0;
  let payloadBytes = 0;
  messages.forEach((m, i) => {
    parts.push(encoder.encode(m, csids[i]!));
    checksum = (checksum + checksumOf(m.payload, m.payload.length)) | 0;
    payloadBytes += m.payload.length;
  });
  const bytes = Buffer.concat(parts);
  return {
    messages,
    csids,
    bytes,
    expectedCount: messages.length,
    expectedPayloadBytes: payloadBytes,
    expectedChecksum: checksum,
  };
}

/** Per-run counters every contender fills and the harness verifies. */
interface Seen {
  count: number;
  payloadBytes: number;
  checksum: number;
}

type Runner = (slices: Buffer[], stream: Stream) => Seen;

const runners: Record<string, Runner> = {
  ours(slices) {
    const decoder = new ChunkDecoder();
    const seen: Seen = { count: 0, payloadBytes: 0, checksum: 0 };
    for (const slice of slices) {
      const out = decoder.push(slice);
      for (let i = 0; i < out.length; i++) {
        const m = out[i]!;
        if (m.typeId !== 8 && m.typeId !== 9) continue;
        seen.count++;
        seen.payloadBytes += m.payload.length;
        seen.checksum = (seen.checksum + checksumOf(m.payload, m.payload.length)) | 0;
      }
    }
    return seen;
  },
  // What @rtmp/client configures: stable payloads in uninitialised Node memory (no zero-fill).
  'ours-client'(slices) {
    const decoder = new ChunkDecoder({ allocate: (length) => Buffer.allocUnsafeSlow(length) });
    const seen: Seen = { count: 0, payloadBytes: 0, checksum: 0 };
    for (const slice of slices) {
      const out = decoder.push(slice);
      for (let i = 0; i < out.length; i++) {
        const m = out[i]!;
        if (m.typeId !== 8 && m.typeId !== 9) continue;
        seen.count++;
        seen.payloadBytes += m.payload.length;
        seen.checksum = (seen.checksum + checksumOf(m.payload, m.payload.length)) | 0;
      }
    }
    return seen;
  },
  'ours-reuse'(slices) {
    const decoder = new ChunkDecoder({ payloadBuffers: 'reuse' });
    const seen: Seen = { count: 0, payloadBytes: 0, checksum: 0 };
    const onMessage = (m: DecodedMessage) => {
      if (m.typeId !== 8 && m.typeId !== 9) return;
      seen.count++;
      seen.payloadBytes += m.payload.length;
      seen.checksum = (seen.checksum + checksumOf(m.payload, m.payload.length)) | 0;
    };
    for (const slice of slices) decoder.pushEach(slice, onMessage);
    return seen;
  },
  nms(slices) {
    const require = createRequire(import.meta.url);
    const { Rtmp } = loadNms(require);
    const rtmp = new Rtmp();
    rtmp.handshakeState = 3; // RTMP_HANDSHAKE_2: straight to chunk parsing
    const seen: Seen = { count: 0, payloadBytes: 0, checksum: 0 };
    rtmp.onOutputCallback = () => {};
    rtmp.onPacketCallback = () => {};
    // Stub the FLV tag parsing of media messages: count what the chunk layer assembled.
    rtmp.dataHandler = function (this: NmsRtmp) {
      const p = this.parserPacket;
      seen.count++;
      seen.payloadBytes += p.header.length;
      seen.checksum = (seen.checksum + checksumOf(p.payload, p.header.length)) | 0;
    };
    for (const slice of slices) rtmp.parserData(slice);
    return seen;
  },
  copy(slices) {
    const target = Buffer.allocUnsafe(SLICE);
    let n = 0;
    for (const slice of slices) n += slice.copy(target, 0);
    return { count: -1, payloadBytes: n, checksum: 0 };
  },
};

interface NmsRtmp {
  handshakeState: number;
  parserPacket: { header: { length: number }; payload: Buffer };
  onOutputCallback: (b: Buffer) => void;
  onPacketCallback: (p: unknown) => void;
  dataHandler: () => void;
  parserData(b: Buffer): unknown;
}

function loadNms(require: NodeJS.Require): { Rtmp: new () => NmsRtmp } {
  const mod = require('node-media-server/src/protocol/rtmp.js') as unknown;
  const Rtmp = (mod as { Rtmp?: unknown }).Rtmp ?? mod;
  return { Rtmp: Rtmp as new () => NmsRtmp };
}

function worker(name: string, chunkSize: number, mb: number, runs: number): void {
  const times: number[] = [];
  let mbps = 0;
  if (name === 'encode' || name === 'encode-view') {
    const { messages, csids } = buildMessages(mb * 1e6);
    let outBytes = 0;
    for (let r = 0; r < runs + 1; r++) {
      const encoder = new ChunkEncoder({ chunkSize });
      const t0 = performance.now();
      outBytes = 0;
      for (let i = 0; i < messages.length; i++) {
        const out =
          name === 'encode'
            ? encoder.encode(messages[i]!, csids[i]!)
            : encoder.encodeView(messages[i]!, csids[i]!);
        outBytes += out.length;
      }
      if (r > 0) times.push(performance.now() - t0); // first run is warm-up
    }
    times.sort((x, y) => x - y);
    mbps = outBytes / 1e6 / (times[Math.floor(times.length / 2)]! / 1000);
    console.log(JSON.stringify({ name, chunkSize, mbps, bytes: outBytes, runs: times.length }));
    return;
  }
  const stream = buildStream(mb, chunkSize);
  const slices: Buffer[] = [];
  for (let at = 0; at < stream.bytes.length; at += SLICE) slices.push(stream.bytes.subarray(at, at + SLICE));
  const run = runners[name]!;
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const seen = run(slices, stream);
    const t = performance.now() - t0;
    if (name !== 'copy') {
      const ok =
        seen.count === stream.expectedCount &&
        seen.payloadBytes === stream.expectedPayloadBytes &&
        seen.checksum === stream.expectedChecksum;
      if (!ok)
        throw new Error(
          `${name} decoded wrongly: ${JSON.stringify(seen)} vs ${stream.expectedCount} messages`,
        );
    } else if (seen.payloadBytes !== stream.bytes.length) throw new Error('copy: short');
    if (r > 0) times.push(t);
  }
  times.sort((x, y) => x - y);
  const median = times[Math.floor(times.length / 2)]!;
  mbps = stream.bytes.length / 1e6 / (median / 1000);
  console.log(
    JSON.stringify({
      name,
      chunkSize,
      mbps,
      best: stream.bytes.length / 1e6 / (times[0]! / 1000),
      bytes: stream.bytes.length,
      runs: times.length,
    }),
  );
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (flag: string, fallback: number) => {
    const i = args.indexOf(flag);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  if (args[0] === '--worker') {
    worker(args[1]!, Number(args[2]), Number(args[3]), Number(args[4]));
    return;
  }
  const mb = opt('--mb', 200);
  const runs = opt('--runs', 5);
  const rounds = opt('--rounds', 3);
  const self = fileURLToPath(import.meta.url);
  const names = ['ours', 'ours-client', 'ours-reuse', 'nms', 'copy', 'encode', 'encode-view'];
  console.log(
    `chunk bench: ${mb} MB stream, 64 KiB slices, ${rounds} rounds x (1 warm-up + ${runs} runs) per contender, ` +
      `each round in a fresh child process, contenders interleaved; Node ${process.version}`,
  );
  console.log(
    'MB/s = stream bytes / time (10^6 B); "best" is the least-disturbed run, "median" the median of round medians',
  );
  for (const chunkSize of [128, 4096]) {
    const best: Record<string, number> = {};
    const medians: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const name of names) {
        const child = spawnSync(
          process.execPath,
          [...process.execArgv, self, '--worker', name, String(chunkSize), String(mb), String(runs)],
          { encoding: 'utf8', maxBuffer: 1 << 24 },
        );
        if (child.status !== 0) throw new Error(`${name}@${chunkSize} failed: ${child.stderr}`);
        const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { mbps: number; best?: number };
        best[name] = Math.max(best[name] ?? 0, r.best ?? r.mbps);
        medians[name] = [...(medians[name] ?? []), r.mbps];
      }
    }
    for (const name of names) {
      const m = medians[name]!.sort((x, y) => x - y)[Math.floor(medians[name]!.length / 2)]!;
      console.log(
        `  chunk ${String(chunkSize).padStart(4)}  ${name.padEnd(12)} best ${best[name]!.toFixed(0).padStart(6)} MB/s   median ${m.toFixed(0).padStart(6)} MB/s`,
      );
    }
    const target = chunkSize === 128 ? 1.5 : 1.0;
    for (const name of ['ours', 'ours-client', 'ours-reuse']) {
      const ratio = best[name]! / best.nms!;
      console.log(
        `  chunk ${String(chunkSize).padStart(4)}  ${name} / node-media-server = ${ratio.toFixed(2)}x (best vs best; target >= ${target}x) ${ratio >= target ? 'OK' : 'BELOW TARGET'}`,
      );
    }
  }
}

main();
