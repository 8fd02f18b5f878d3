// VodFile: header check, onMetaData pickup, keyframe index use and validation, scan fallback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VodFile } from '../src/index.js';
import { type SyntheticFlv, writeSyntheticFlv } from './support/make-flv.js';

let dir: string;
let indexed: SyntheticFlv;
let plain: SyntheticFlv;
let bad: SyntheticFlv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rtmp-vod-file-'));
  indexed = writeSyntheticFlv(join(dir, 'i.flv'), { seconds: 5 });
  plain = writeSyntheticFlv(join(dir, 'p.flv'), { seconds: 5, index: false });
  bad = writeSyntheticFlv(join(dir, 'b.flv'), { seconds: 5, badIndex: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('VodFile', () => {
  it('reads the header, the onMetaData tag and the keyframe index', async () => {
    const file = await VodFile.open(indexed.path);
    try {
      expect(file.dataStart).toBe(13);
      expect(file.metadataTag?.offset).toBe(13);
      expect([...(file.metadataTag?.data ?? [])]).toEqual([...(indexed.tags[0]?.data ?? [])]);
      expect(file.keyframeIndex).toEqual(indexed.keyframes);
    } finally {
      await file.close();
    }
  });

  for (const [label, get, method] of [
    ['the index', () => indexed, 'index'],
    ['a scan without index', () => plain, 'scan'],
    ['a scan when the index is wrong', () => bad, 'scan'],
  ] as const) {
    it(`finds the keyframe at or before a position with ${label}`, async () => {
      const flv = get();
      const file = await VodFile.open(flv.path);
      try {
        const cases: Array<[number, number]> = [
          [0, 0],
          [999, 0],
          [1000, 1000],
          [2500, 2000],
          [4999, 4000],
          [60_000, 4000],
        ];
        for (const [ms, keyMs] of cases) {
          const offset = await file.seekOffset(ms);
          expect(flv.keyframes.find((k) => k.offset === offset)?.ms).toBe(keyMs);
          expect(file.lastSeekMethod).toBe(method);
        }
      } finally {
        await file.close();
      }
    });
  }

  it('refuses a file that is not FLV (FLV_BAD_SIGNATURE) and closes it', async () => {
    const path = join(dir, 'not.flv');
    writeFileSync(path, 'GIF89a, not a video');
    await expect(VodFile.open(path)).rejects.toMatchObject({ code: 'FLV_BAD_SIGNATURE' });
  });

  it('skips an onMetaData larger than maxMetadataBytes instead of reading it', async () => {
    const file = await VodFile.open(indexed.path, 10);
    try {
      expect(file.metadataTag).toBeUndefined();
      expect(file.keyframeIndex).toEqual([]);
    } finally {
      await file.close();
    }
  });
});
