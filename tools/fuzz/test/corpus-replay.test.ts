// Replays the fuzz corpus and every regression input through its target: only RtmpError may
// escape (the targets turn those into `E:<code>` signatures; anything else fails the test).
// A short mutation run per target follows (bounded; long with RTMP_SLOW=1).
import { describe, expect, it } from 'vitest';
import { fuzzTarget, loadEntries, sessionClient, TARGET_NAMES, TARGETS } from '../src/index.js';

const slow = process.env.RTMP_SLOW === '1';

describe('fuzz corpus replay', () => {
  for (const name of TARGET_NAMES) {
    it(`${name}: corpus and regressions end in a value or a typed error`, async () => {
      const entries = [...loadEntries('corpus', name), ...loadEntries('regressions', name)];
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) {
        const signature = await TARGETS[name].run(entry.bytes);
        expect(typeof signature, entry.name).toBe('string');
      }
    });
  }

  it('the session-client seed reaches play: media and the end of the stream', () => {
    const seed = loadEntries('corpus', 'session-client').sort((a, b) => b.bytes.length - a.bytes.length)[0];
    const signature = sessionClient(seed?.bytes ?? new Uint8Array(0));
    expect(signature).toContain('play-started');
    expect(signature).toContain('video');
    expect(signature).toContain('stream-ended');
  });

  for (const name of TARGET_NAMES) {
    it(`${name}: a short mutation run finds no crash`, async () => {
      const seeds = loadEntries('corpus', name).map((e) => e.bytes);
      const stats = await fuzzTarget(TARGETS[name], seeds, { seconds: slow ? 120 : 0.5, seed: 1234 });
      expect(stats.crashMessages).toEqual([]);
      expect(stats.execs).toBeGreaterThan(seeds.length);
    }, 300_000);
  }
});
