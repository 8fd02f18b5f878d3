// The hostile-server suite: every scenario runs a scripted misbehaving server on 127.0.0.1 and
// @rtmp/client against it, and asserts the outcome code, the time bound, bounded memory, no
// unhandled rejection, and a valid partial FLV (flvTags: whole tags only, trailingBytes 0).
import { writeFileSync } from 'node:fs';
import { flvTags } from '@rtmp/test-peers';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chunkScenarios,
  connectScenarios,
  type HostileScenario,
  handshakeScenarios,
  playScenarios,
  publishScenarios,
  runClient,
  startScriptedServer,
} from '../src/index.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
process.on('unhandledRejection', onUnhandled);

const results: Array<Record<string, unknown>> = [];

afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  // HOSTILE_REPORT=<file>: the measured outcomes as JSON (RELIABILITY.md's table is made from it).
  if (process.env.HOSTILE_REPORT) writeFileSync(process.env.HOSTILE_REPORT, JSON.stringify(results, null, 1));
});

const MIB = 1024 * 1024;

async function check(scenario: HostileScenario): Promise<void> {
  const server = await startScriptedServer(scenario.script, scenario.sessionOptions);
  try {
    const outcome = await runClient({
      url: server.url(),
      play: scenario.play ?? true,
      ...(scenario.publish !== undefined ? { publish: scenario.publish } : {}),
      ...(scenario.hardLimitMs !== undefined ? { hardLimitMs: scenario.hardLimitMs } : {}),
      ...(scenario.clientOptions ? { options: scenario.clientOptions } : {}),
    });
    results.push({
      name: scenario.name,
      misbehaviour: scenario.misbehaviour,
      expected: scenario.expected,
      knownBug: scenario.knownBug,
      code: outcome.code,
      phase: outcome.phase,
      ms: Math.round(outcome.elapsedMs),
      rssMiB: +(outcome.rssGrowth / MIB).toFixed(1),
      heapMiB: +(outcome.heapGrowth / MIB).toFixed(1),
      flvBytes: outcome.flv.length,
    });
    expect(outcome.hung, 'the client hung until the hard limit').toBe(false);
    expect(
      scenario.codes,
      `outcome ${outcome.code} (${String((outcome.error as Error)?.message)})`,
    ).toContain(outcome.code);
    if (scenario.phases) expect(scenario.phases).toContain(outcome.phase);
    expect(outcome.elapsedMs).toBeLessThan(scenario.maxMs);
    if (scenario.minMs !== undefined) expect(outcome.elapsedMs).toBeGreaterThanOrEqual(scenario.minMs);
    expect(outcome.rssGrowth).toBeLessThan(scenario.maxRssGrowth ?? 64 * MIB);
    if (scenario.flvTags !== undefined) {
      const flv = flvTags(outcome.flv);
      expect(flv.trailingBytes).toBe(0);
      expect(flv.tags.length).toBe(scenario.flvTags);
    } else if (outcome.flv.length > 0) {
      expect(flvTags(outcome.flv).trailingBytes).toBe(0);
    }
    scenario.check?.(outcome);
    expect(server.scriptErrors).toEqual([]);
  } finally {
    await server.close();
  }
  expect(unhandled).toEqual([]);
}

const all = [
  ...handshakeScenarios,
  ...connectScenarios,
  ...playScenarios,
  ...chunkScenarios,
  ...publishScenarios,
];

describe('hostile servers', () => {
  it('covers at least 25 misbehaviours with unique names', () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
  });
  for (const scenario of all) {
    // A scenario with a knownBug is it.fails: it documents a client bug (reported to the lead).
    (scenario.knownBug ? it.fails : it)(
      `${scenario.name}: ${scenario.expected}`,
      () => check(scenario),
      30_000,
    );
  }
});
