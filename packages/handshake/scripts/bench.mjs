// Benchmarks for @rtmp/handshake (run after `pnpm --filter @rtmp/handshake build`):
// RC4 throughput on 64 KiB buffers, and full client+server handshakes per mode (both sides'
// CPU, in one process); medians of 5 rounds. Usage: node packages/handshake/scripts/bench.mjs
import { ClientHandshake, Rc4, ServerHandshake } from '../dist/index.js';

const random = (b) => {
  for (let at = 0; at < b.length; at += 65536) crypto.getRandomValues(b.subarray(at, at + 65536));
};
/** Median over 5 rounds of the mean ms per call within a round (the machine is shared). */
function time(fn, minMs = 400) {
  const rounds = [];
  for (let r = 0; r < 5; r++) {
    let runs = 0;
    const start = performance.now();
    while (performance.now() - start < minMs) {
      fn();
      runs++;
    }
    rounds.push((performance.now() - start) / runs);
  }
  return rounds.sort((a, b) => a - b)[2];
}

const buffer = new Uint8Array(65536);
random(buffer);
const rc4 = new Rc4(buffer.subarray(0, 16));
for (let i = 0; i < 200; i++) rc4.process(buffer); // warm-up
const msPer64k = time(() => rc4.process(buffer));
console.log(`RC4 process(64 KiB): ${(65536 / 1e6 / (msPer64k / 1000)).toFixed(0)} MB/s`);

for (const [name, options] of [
  ['plain', { mode: 'plain' }],
  ['digest', { mode: 'digest' }],
  ['rtmpe 6', { mode: 'rtmpe', rtmpeType: 6 }],
  ['rtmpe 8', { mode: 'rtmpe', rtmpeType: 8 }],
  ['rtmpe 9', { mode: 'rtmpe', rtmpeType: 9 }],
]) {
  const once = () => {
    const client = new ClientHandshake({ ...options, random });
    const server = new ServerHandshake({ random });
    const answer = server.receive(client.start()).send;
    const step = client.receive(answer);
    if (!server.receive(step.send).done || !step.done) throw new Error('incomplete');
  };
  for (let i = 0; i < 5; i++) once();
  console.log(`handshake ${name}: ${time(once).toFixed(3)} ms (client + server)`);
}
