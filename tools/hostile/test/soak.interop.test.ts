// The short soak CI runs: live publish+play cycles through our server and nginx-rtmp for
// SOAK_MINUTES (default 1) each, heap/RSS sampled every 5 s. The full 10-minute run is
// `pnpm --filter @rtmp/hostile soak --minutes 10` (numbers in RELIABILITY.md).
import { createRtmpServer } from '@rtmp/server';
import { describeWithPeers, startNginx } from '@rtmp/test-peers';
import { describe, expect, it } from 'vitest';
import { runSoak, type SoakResult } from '../src/index.js';
import { SOAK_BOUNDS } from '../src/soak-bounds.js';

const minutes = Number(process.env.SOAK_MINUTES ?? '1');
const timeout = minutes * 60_000 + 60_000;

function expectHealthy(result: SoakResult): void {
  expect(result.errors).toEqual([]);
  expect(result.cycles).toBeGreaterThan(0);
  // Two players per cycle receive everything the publisher sent (live, no drops on loopback).
  expect(result.messagesReceived).toBeGreaterThanOrEqual(Math.floor(result.messagesSent * 2 * 0.98));
  expect(result.heapGrowthMiB).toBeLessThanOrEqual(SOAK_BOUNDS.heapGrowthMiB);
  expect(result.rssGrowthMiB).toBeLessThanOrEqual(SOAK_BOUNDS.rssGrowthMiB);
}

describe('soak (short)', () => {
  it(
    `our server: ${minutes} min of live publish/play cycles, bounded heap and RSS`,
    async () => {
      const server = createRtmpServer({ apps: { live: 'live' } });
      const address = await server.listen({ host: '127.0.0.1', port: 0 });
      try {
        expectHealthy(
          await runSoak({ baseUrl: `rtmp://127.0.0.1:${address.port}/live`, minutes, sampleMs: 5000 }),
        );
      } finally {
        await server.close();
      }
    },
    timeout,
  );
});

describeWithPeers(['nginx'], 'soak (short) through nginx-rtmp', () => {
  it(
    `nginx-rtmp: ${minutes} min of live publish/play cycles, bounded heap and RSS`,
    async () => {
      const nginx = await startNginx({});
      try {
        expectHealthy(
          await runSoak({ baseUrl: `rtmp://127.0.0.1:${nginx.rtmpPort}/live`, minutes, sampleMs: 5000 }),
        );
      } finally {
        await nginx.stop();
      }
    },
    timeout,
  );
});
