// Micro-benchmark of the hot paths (run after `pnpm --filter @rtmp/commands build`):
//   node packages/commands/scripts/bench.mjs
// Prints operations per second (median of 5 runs of ~300 ms each).
import {
  connectParamsFor,
  decodeCommand,
  decodeDataMessage,
  encodeConnect,
  encodeOnStatus,
  encodePlay,
  encodeSetDataFrame,
  TransactionTable,
} from '../dist/index.js';

function bench(label, fn) {
  for (let i = 0; i < 2000; i++) fn();
  const rates = [];
  for (let run = 0; run < 5; run++) {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < 300) {
      for (let i = 0; i < 200; i++) fn();
      n += 200;
      now = performance.now();
    }
    rates.push((n * 1000) / (now - start));
  }
  rates.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} ${Math.round(rates[2]).toLocaleString('en-US').padStart(12)} ops/s`);
}

const params = connectParamsFor({ app: 'vod', tcUrl: 'rtmp://127.0.0.1:1935/vod', mode: 'play' });
const connect = encodeConnect(params);
const onStatus = encodeOnStatus({
  level: 'status',
  code: 'NetStream.Play.Start',
  description: 'Start playing',
});
const meta = {};
for (const k of [
  'duration',
  'width',
  'height',
  'videodatarate',
  'framerate',
  'videocodecid',
  'audiodatarate',
])
  meta[k] = 1;
const metaBody = encodeSetDataFrame(meta);
const table = new TransactionTable();

bench('encodeConnect (librtmp play params)', () => encodeConnect(params));
bench('encodePlay', () => encodePlay(5, { streamName: 'small', start: -2000 }));
bench('encodeOnStatus', () => encodeOnStatus({ level: 'status', code: 'NetStream.Play.Start' }));
bench('decodeCommand(connect, 196 B)', () => decodeCommand({ typeId: 20, payload: connect }));
bench('decodeCommand(onStatus)', () => decodeCommand({ typeId: 20, payload: onStatus }));
bench('decodeDataMessage(@setDataFrame, 7 keys)', () => decodeDataMessage({ typeId: 18, payload: metaBody }));
bench('TransactionTable allocate + match', () => table.match(table.allocate('play', undefined)));
