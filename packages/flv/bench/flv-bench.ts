// Throughput of FlvDemuxer and FlvMuxer on a synthetic 1080p-like stream: 30 fps video tags of
// 100-300 KB and 47 audio tags/s of 400 B, about 200 MB in total, held in memory.
// Run: cd /work/main && pnpm exec tsx packages/flv/bench/flv-bench.ts
import { FlvDemuxer, FlvMuxer, type FlvMuxInput } from '../src/index.js';

const messages: FlvMuxInput[] = [];
let seed = 7;
const next = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed;
};
const videoPool = Array.from({ length: 16 }, (_, i) => {
  const b = new Uint8Array(100_000 + i * 12_500);
  for (let k = 0; k < b.length; k += 97) b[k] = next() & 0xff;
  b[0] = i === 0 ? 0x17 : 0x27;
  return b;
});
const audio = new Uint8Array(400).fill(0x21);
audio[0] = 0xaf;
audio[1] = 1;
for (let ms = 0; ms < 40_000; ms += 1) {
  if (ms % 33 === 0) messages.push({ typeId: 9, timestamp: ms, payload: videoPool[(ms / 33) % 16]! });
  if (ms % 21 === 0) messages.push({ typeId: 8, timestamp: ms, payload: audio });
}

function mux(): { chunks: number; bytes: number; file: Uint8Array[] } {
  const muxer = new FlvMuxer();
  let chunks = 0;
  let bytes = 0;
  const file: Uint8Array[] = [];
  for (const m of messages) {
    for (const c of muxer.write(m)) {
      chunks++;
      bytes += c.length;
      // Simulate writev: headers/trailers must be consumed before the next call; keep only payload refs.
      file.push(c.length <= 15 ? c.slice() : c);
    }
  }
  for (const c of muxer.end()) file.push(c.slice());
  return { chunks, bytes, file };
}

function flatten(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function time(label: string, bytes: number, fn: () => void, repeat = 5): void {
  fn();
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    fn();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  const median = runs[Math.floor(runs.length / 2)]!;
  console.log(
    `${label}: ${(bytes / 1e6 / (median / 1000)).toFixed(0)} MB/s (median ${median.toFixed(1)} ms, ${(bytes / 1e6).toFixed(1)} MB)`,
  );
}

const { bytes, file } = mux();
const whole = flatten(file);
console.log(`${messages.length} messages, ${(whole.length / 1e6).toFixed(1)} MB FLV`);
time('mux (writev chunks, no payload copy)', bytes, () => void mux());
for (const size of [4096, 65536, 1 << 20]) {
  time(`demux, ${size} B chunks`, whole.length, () => {
    const d = new FlvDemuxer();
    let tags = 0;
    for (let p = 0; p < whole.length; p += size) tags += d.push(whole.subarray(p, p + size)).length;
    if (tags !== messages.length) throw new Error(`lost tags: ${tags}`);
  });
}
