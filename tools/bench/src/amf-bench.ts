/**
 * AMF0 benchmark: @rtmp/amf0 against the npm AMF libraries, in one run, on real messages.
 *
 * Inputs are AMF0 bodies captured from real peers (packages/amf0/test/fixtures/captured-messages.json):
 * ffmpeg's `connect`, nginx-rtmp's `_result` and `onStatus`, and ffmpeg's `@setDataFrame onMetaData`
 * (an ECMA array of 18 keys). Each contender's output is checked against the expected values
 * before timing (a wrong contender is reported and left out of the ratios), and a cheap check
 * runs inside every timed iteration (decode: the command name and value count; encode: the output
 * length). Rounds are interleaved and the best round per contender is kept.
 *
 *   pnpm --filter @rtmp/amf0... build && pnpm --filter @rtmp/bench amf [--ms 200] [--rounds 5]
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  Amf0Encoder,
  type Amf0Value,
  decodeAmf0,
  decodeAmf0Lossless,
  decodeAmf0Value,
  ecmaArray,
  encodeAmf0,
} from '@rtmp/amf0';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MS = arg('ms', 200);
const ROUNDS = arg('rounds', 5);

// ---------------------------------------------------------------------------------------------
// Cases: real captured bodies.
interface Captured {
  source: string;
  dir: string;
  type: number;
  hex: string;
  tshark: string[];
}
const fixture = JSON.parse(
  readFileSync(
    new URL('../../../packages/amf0/test/fixtures/captured-messages.json', import.meta.url),
    'utf8',
  ),
) as { messages: Captured[] };

function pick(source: string, first: string): Buffer {
  const m = fixture.messages.find((x) => x.source.startsWith(source) && x.tshark[0] === first);
  if (!m) throw new Error(`no captured ${first} from ${source}`);
  return Buffer.from(m.hex, 'hex');
}

interface Case {
  name: string;
  bytes: Buffer;
  /** Ergonomic values (ECMA arrays wrapped) that encode back to exactly `bytes`. */
  values: Amf0Value[];
  /** Plain JS form used to check every contender (ECMA arrays as plain objects). */
  plain: unknown;
  /** The same values as ordinary JS objects (what an application would pass to a peer library). */
  plainValues: unknown[];
  /** Index of the value that is an ECMA array, if any. */
  ecmaIndex: number;
}

function makeCase(name: string, bytes: Buffer): Case {
  const nodes = decodeAmf0Lossless(bytes);
  const decoded = decodeAmf0(bytes);
  const ecmaIndex = nodes.findIndex((n) => n.type === 'ecma-array');
  const values = decoded.map((v, i) =>
    i === ecmaIndex ? ecmaArray(v as Record<string, unknown>) : v,
  ) as Amf0Value[];
  if (!Buffer.from(encodeAmf0(values)).equals(bytes))
    throw new Error(`${name}: @rtmp/amf0 does not round-trip`);
  const plain = normalize(decoded) as unknown[];
  return { name, bytes, values, plain, plainValues: plain.map(revive), ecmaIndex };
}

/** Library-neutral form: plain objects, arrays, numbers; Maps/ECMA arrays-as-arrays become objects. */
function normalize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return { date: value.getTime() };
  if (value instanceof Map) return normalize(Object.fromEntries(value));
  if (
    Array.isArray(value) &&
    Object.keys(value).every((k, i) => k === String(i)) &&
    Object.keys(value).length === value.length
  ) {
    return value.map(normalize);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = normalize((value as Record<string, unknown>)[key]);
  return out;
}

/** Undoes normalize() for dates, so peers get real Date objects. */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('date' in value && Object.keys(value).length === 1) return new Date((value as { date: number }).date);
  if (Array.isArray(value)) return value.map(revive);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
}

const cases = [
  makeCase('connect (ffmpeg)', pick('ffmpeg 5.1 (native RTMP) playing', "String 'connect'")),
  makeCase('_result (nginx-rtmp)', pick('ffmpeg 5.1 (native RTMP) playing', "String '_result'")),
  makeCase('onStatus (nginx-rtmp)', pick('ffmpeg 5.1 (native RTMP) playing', "String 'onStatus'")),
  makeCase('onMetaData ECMA (ffmpeg)', pick('ffmpeg 5.1 (native RTMP) publishing', "String '@setDataFrame'")),
];

/** Value boundaries of each case (computed once, outside timing, for one-value-at-a-time libraries). */
function boundaries(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const next = decodeAmf0Value(bytes, offset).offset;
    out.push(bytes.subarray(offset, next));
    offset = next;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Contenders.
interface Contender {
  name: string;
  /** Why it cannot run at all, if so. */
  unusable?: string;
  /** Returns a per-case encoder (input prepared outside timing) or a reason it cannot. */
  encoder?: (c: Case) => (() => Uint8Array | number[]) | string;
  decoder?: (c: Case) => (() => unknown[]) | string;
}

const contenders: Contender[] = [];
const ours = new Amf0Encoder();
contenders.push({
  name: '@rtmp/amf0',
  encoder: (c) => () => ours.encode(c.values),
  decoder: (c) => () => decodeAmf0(c.bytes),
});
contenders.push({
  name: '@rtmp/amf0 (encodeAmf0, copy)',
  encoder: (c) => () => encodeAmf0(c.values),
});

function tryLoad<T>(load: () => T): T | string {
  try {
    return load();
  } catch (error) {
    return `cannot load: ${(error as Error).message.split('\n')[0]}`;
  }
}

// node-media-server 4.4.3, src/protocol/amf.js (its RTMP server's own codec).
const nms = tryLoad(() => require('node-media-server/src/protocol/amf.js'));
if (typeof nms === 'string') contenders.push({ name: 'node-media-server amf.js', unusable: nms });
else {
  contenders.push({
    name: 'node-media-server amf.js',
    encoder: (c) => {
      // Its ECMA arrays are JS arrays carrying string keys.
      const input = c.plainValues.map((v, i) => (i === c.ecmaIndex ? Object.assign([], v) : v));
      return () => nms.amf0Encode(input);
    },
    decoder: (c) => () => nms.amf0Decode(c.bytes),
  });
}

// amf 0.1.0 (TooTallNate/node-amf): decoder only.
const amf = tryLoad(() => require('amf'));
if (typeof amf === 'string') contenders.push({ name: 'amf', unusable: amf });
else {
  contenders.push({
    name: 'amf',
    encoder: () => 'no encoder in this package (read() only)',
    decoder: (c) => () => {
      const out: unknown[] = [];
      const info = { offset: 0, byteLength: 0 };
      while (info.offset < c.bytes.length) {
        out.push(amf.read(c.bytes, info)); // advances info.offset itself
      }
      return out;
    },
  });
}

// amf0-ts 1.3.9: one value per call; ECMA arrays are arrays with string keys.
const amf0ts = tryLoad(() => require('amf0-ts').AMF0);
if (typeof amf0ts === 'string') contenders.push({ name: 'amf0-ts', unusable: amf0ts });
else {
  contenders.push({
    name: 'amf0-ts',
    encoder: (c) => {
      const input = c.plainValues.map((v, i) => (i === c.ecmaIndex ? Object.assign([], v) : v));
      return () => {
        const parts = input.map((v) => amf0ts.stringify(v) as number[]);
        let length = 0;
        for (const p of parts) length += p.length;
        const out = new Uint8Array(length);
        let at = 0;
        for (const p of parts) {
          out.set(p, at);
          at += p.length;
        }
        return out;
      };
    },
    decoder: (c) => {
      const slices = boundaries(c.bytes);
      return () => slices.map((s) => (amf0ts.parse(s) as [number, unknown])[1]); // parse returns [length, value]
    },
  });
}

// @astronautlabs/amf 0.0.6: needs reflect-metadata first; one value per call.
const astro = tryLoad(() => {
  require('reflect-metadata');
  return require('@astronautlabs/amf').AMF0;
});
if (typeof astro === 'string') contenders.push({ name: '@astronautlabs/amf', unusable: astro });
else {
  contenders.push({
    name: '@astronautlabs/amf',
    encoder: (c) => () => {
      const parts = c.plainValues.map((v, i) =>
        (i === c.ecmaIndex
          ? astro.Value.associativeArray(v as Record<string, unknown>)
          : astro.Value.any(v)
        ).serialize(),
      );
      return Buffer.concat(parts);
    },
    decoder: (c) => {
      const slices = boundaries(c.bytes);
      return () => slices.map((s) => astro.Value.deserialize(s).value);
    },
  });
}

// bytearray-node 3.3.5: requires the native lzma-native module (for compress(), unused here),
// whose install script pnpm does not run; a stub stands in for it so AMF can be measured.
const ByteArray = tryLoad(() => {
  const base = require.resolve('bytearray-node');
  const lzma = createRequire(base).resolve('lzma-native');
  require.cache[lzma] = { id: lzma, filename: lzma, loaded: true, exports: {} } as NodeJS.Module;
  return require('bytearray-node');
});
if (typeof ByteArray === 'string') contenders.push({ name: 'bytearray-node', unusable: ByteArray });
else {
  contenders.push({
    name: 'bytearray-node',
    encoder: (c) => () => {
      const ba = new ByteArray();
      ba.objectEncoding = 0;
      for (const v of c.plainValues) ba.writeObject(v); // no ECMA-array input form: written as an object
      return ba.buffer.subarray(0, ba.length);
    },
    decoder: (c) => () => {
      const ba = new ByteArray(c.bytes);
      ba.objectEncoding = 0;
      const out: unknown[] = [];
      while (ba.position < c.bytes.length) out.push(ba.readObject());
      return out;
    },
  });
}

// ---------------------------------------------------------------------------------------------
// Checks and timing.
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function firstDifference(a: unknown, b: unknown): string {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `…${x.slice(Math.max(0, i - 20), i + 30)}… vs …${y.slice(Math.max(0, i - 20), i + 30)}…`;
}

type Job = { run: () => void; best: number };

function time(job: Job): void {
  const end = performance.now() + MS;
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now < end) {
    for (let i = 0; i < 200; i++) job.run();
    n += 200;
    now = performance.now();
  }
  job.best = Math.max(job.best, (n * 1000) / (now - start));
}

interface Row {
  contender: string;
  op: 'encode' | 'decode';
  case: string;
  job?: Job;
  note?: string;
}
const rows: Row[] = [];
let sink = 0;

for (const contender of contenders) {
  if (contender.unusable) {
    rows.push({ contender: contender.name, op: 'decode', case: '*', note: contender.unusable });
    continue;
  }
  for (const c of cases) {
    for (const op of ['encode', 'decode'] as const) {
      const make = op === 'encode' ? contender.encoder : contender.decoder;
      if (!make) continue;
      const row: Row = { contender: contender.name, op, case: c.name };
      rows.push(row);
      let fn: ReturnType<NonNullable<typeof make>>;
      try {
        fn = make(c);
      } catch (error) {
        row.note = `setup failed: ${(error as Error).message}`;
        continue;
      }
      if (typeof fn === 'string') {
        row.note = fn;
        continue;
      }
      try {
        if (op === 'encode') {
          const out = Uint8Array.from((fn as () => Uint8Array)());
          let back: unknown;
          try {
            back = normalize(decodeAmf0(out));
          } catch (error) {
            row.note = `output is not valid AMF0 (${(error as Error).message})`;
            continue;
          }
          if (!same(back, c.plain)) {
            row.note = `wrong output: ${firstDifference(back, c.plain)}`;
            continue;
          }
          const length = out.length;
          const run = fn as () => Uint8Array;
          row.job = {
            best: 0,
            run: () => {
              const bytes = run();
              if (bytes.length !== length) throw new Error(`${contender.name} ${c.name}: length changed`);
              sink += bytes[0]!;
            },
          };
        } else {
          const values = (fn as () => unknown[])();
          if (!same(normalize(values), c.plain)) {
            row.note = `wrong result: ${firstDifference(normalize(values), c.plain)}`;
            continue;
          }
          const count = values.length;
          const name = (c.plain as unknown[])[0];
          const run = fn as () => unknown[];
          row.job = {
            best: 0,
            run: () => {
              const decoded = run();
              if (decoded.length !== count || decoded[0] !== name)
                throw new Error(`${contender.name} ${c.name}: bad decode`);
              sink++;
            },
          };
        }
      } catch (error) {
        row.note = `threw: ${(error as Error).message.split('\n')[0]}`;
      }
    }
  }
}

const jobs = rows.filter((r) => r.job);
for (const r of jobs) for (let i = 0; i < 2000; i++) r.job!.run(); // warm-up
for (let round = 0; round < ROUNDS; round++) for (const r of jobs) time(r.job!);

// ---------------------------------------------------------------------------------------------
// Report.
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`AMF0 benchmark — Node ${process.version}, ${ROUNDS} rounds × ${MS} ms, best round, ops/s`);
for (const op of ['encode', 'decode'] as const) {
  console.log(`\n## ${op}\n`);
  console.log(`| contender | ${cases.map((c) => c.name).join(' | ')} |`);
  console.log(`| --- | ${cases.map(() => '---:').join(' | ')} |`);
  const names = [...new Set(rows.filter((r) => r.op === op && r.case !== '*').map((r) => r.contender))];
  for (const name of names) {
    const cells = cases.map((c) => {
      const r = rows.find((x) => x.contender === name && x.op === op && x.case === c.name);
      if (!r) return '—';
      return r.job ? fmt(r.job.best) : `n/a¹`;
    });
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  console.log(`\nRatio @rtmp/amf0 ÷ fastest other contender (${op}):`);
  for (const c of cases) {
    const mine =
      rows.find((x) => x.contender === '@rtmp/amf0' && x.op === op && x.case === c.name)?.job?.best ?? 0;
    const others = rows.filter(
      (x) => x.op === op && x.case === c.name && x.job && !x.contender.startsWith('@rtmp/'),
    );
    const best = others.reduce((a, b) => (b.job!.best > a.job!.best ? b : a), others[0]!);
    if (!best) console.log(`  ${c.name}: no working peer`);
    else console.log(`  ${c.name}: ${(mine / best.job!.best).toFixed(2)}x (vs ${best.contender})`);
  }
}
console.log('\n¹ not measured:');
for (const r of rows.filter((x) => x.note)) console.log(`  ${r.contender} ${r.op} ${r.case}: ${r.note}`);
if (sink === -1) console.log(sink);
