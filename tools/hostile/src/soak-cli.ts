/**
 * Soak command line:
 *   pnpm --filter @rtmp/hostile soak --minutes 10 [--server ours|nginx|both] [--json out.json]
 * (run with NODE_OPTIONS=--expose-gc for samples after a GC). Exits 1 when a bound is exceeded
 * or a cycle failed. Bounds: heap growth ≤ 16 MiB, RSS growth ≤ 48 MiB (last minute vs first).
 */
import { writeFileSync } from 'node:fs';
import { createRtmpServer } from '@rtmp/server';
import { startNginx } from '@rtmp/test-peers';
import { runSoak, type SoakResult } from './soak.js';
import { SOAK_BOUNDS } from './soak-bounds.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const minutes = Number(arg('minutes', '1'));
const which = arg('server', 'both');
const results: Array<SoakResult & { server: string; withinBounds: boolean }> = [];
const log = (line: string) => console.error(line);

async function soakOurs(): Promise<void> {
  const server = createRtmpServer({ apps: { live: 'live' } });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  try {
    log(`soak: our server on ${address.port}`);
    const result = await runSoak({ baseUrl: `rtmp://127.0.0.1:${address.port}/live`, minutes, log });
    record('ours (@rtmp/server)', result);
  } finally {
    await server.close();
  }
}

async function soakNginx(): Promise<void> {
  const nginx = await startNginx({});
  try {
    log(`soak: nginx-rtmp on ${nginx.rtmpPort}`);
    const result = await runSoak({ baseUrl: `rtmp://127.0.0.1:${nginx.rtmpPort}/live`, minutes, log });
    record('nginx-rtmp', result);
  } finally {
    await nginx.stop();
  }
}

function record(server: string, result: SoakResult): void {
  const withinBounds =
    result.heapGrowthMiB <= SOAK_BOUNDS.heapGrowthMiB &&
    result.rssGrowthMiB <= SOAK_BOUNDS.rssGrowthMiB &&
    result.errors.length === 0;
  results.push({ ...result, server, withinBounds });
  const { samples, ...summary } = result;
  console.log(JSON.stringify({ server, withinBounds, ...summary, samples: samples.length }));
}

if (which === 'ours' || which === 'both') await soakOurs();
if (which === 'nginx' || which === 'both') await soakNginx();
const out = arg('json', '');
if (out) writeFileSync(out, JSON.stringify({ bounds: SOAK_BOUNDS, results }, null, 1));
process.exit(results.every((r) => r.withinBounds) ? 0 : 1);
