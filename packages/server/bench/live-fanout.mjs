// Live fan-out figure of the README: our client publishes an FLV paced to its timestamps while
// N `rtmpdump -q -v` players play it from an in-process @rtmp/server; prints CPU, RSS and what
// each player wrote. Needs `pnpm --filter @rtmp/server... --filter @rtmp/client... build`.
// Usage: node packages/server/bench/live-fanout.mjs N path/to/file.flv
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../../client/dist/index.js';
import { createRtmpServer } from '../dist/index.js';

const players = Number(process.argv[2] ?? 50);
const source = process.argv[3];
if (!source) throw new Error('usage: live-fanout.mjs N file.flv');
const work = mkdtempSync(join(tmpdir(), 'rtmp-fanout-'));
const server = createRtmpServer({ maxConnections: players + 10 });
const { port } = await server.listen();
const exits = [];
for (let i = 0; i < players; i++) {
  exits.push(
    new Promise((resolve) => {
      const child = spawn('rtmpdump', [
        '-q',
        '-v',
        '-r',
        `rtmp://127.0.0.1:${port}/live/fan`,
        '-o',
        join(work, `p${i}.flv`),
      ]);
      child.on('exit', (code) => resolve(code));
    }),
  );
}
while ((server.liveStreams()[0]?.players ?? 0) < players) await new Promise((r) => setTimeout(r, 50));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const publisher = await connect(`rtmp://127.0.0.1:${port}/live`, { publish: true });
const stream = await publisher.publish('fan');
await stream.publishFlv(createReadStream(source), { realtime: true });
await stream.end();
const codes = await Promise.all(exits);
const cpu = process.cpuUsage(cpu0);
const sizes = Array.from({ length: players }, (_, i) => statSync(join(work, `p${i}.flv`)).size).sort(
  (a, b) => a - b,
);
console.log(
  JSON.stringify({
    players,
    wallMs: Math.round(performance.now() - t0),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssMiB: Math.round(process.memoryUsage().rss / 1048576),
    exitCodes: [...new Set(codes)],
    bytes: { min: sizes[0], median: sizes[players >> 1], max: sizes[players - 1] },
  }),
);
await publisher.close();
await server.close();
rmSync(work, { recursive: true, force: true });
