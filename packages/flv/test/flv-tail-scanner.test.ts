import { describe, expect, it } from 'vitest';
import { FlvErrorCode, type FlvTagLocation, FlvTailScanner, findLastCompleteTag } from '../src/index.js';
import { concat, fixture, hex } from './helpers.js';

function scanTail(
  file: Uint8Array,
  options: FlvTailScannerOptions = {},
): { result: FlvTagLocation | undefined; reads: number; scanner: FlvTailScanner } {
  const scanner = new FlvTailScanner(file.length, options);
  let reads = 0;
  for (let r = scanner.next(); r; r = scanner.next()) {
    reads++;
    scanner.supply(file.slice(r.position, r.position + r.length));
  }
  return { result: scanner.result, reads, scanner };
}

/** A synthetic A/V file: at each i, an audio tag, and a video tag that is a keyframe when i % 5 == 0. */
function synthetic(count: number): Uint8Array {
  const parts = [hex('464c5601050000000900000000')];
  for (let i = 0; i < count; i++) {
    const ts = (i * 40).toString(16).padStart(6, '0');
    parts.push(hex(`08 000002 ${ts} 00 000000 af01 0000000d`));
    parts.push(hex(`09 000005 ${ts} 00 000000 ${i % 5 === 0 ? '17' : '27'}01000000 00000010`));
  }
  return concat(parts);
}

describe('findLastCompleteTag (forward scan)', () => {
  const tiny = fixture('tiny.flv');
  const full = findLastCompleteTag(tiny);
  const tagEnds = new Set<number>();
  {
    // Tag boundaries from the file itself: walk forward with DataSize (independent of the scanner).
    let pos = 13;
    while (pos < tiny.length) {
      const size = (tiny[pos + 1]! << 16) | (tiny[pos + 2]! << 8) | tiny[pos + 3]!;
      pos += 11 + size + 4;
      tagEnds.add(pos);
    }
  }

  it('reports the end of the last whole tag for every truncation point', () => {
    for (let cut = 13; cut <= tiny.length; cut += 7) {
      const scan = findLastCompleteTag(tiny.subarray(0, cut));
      expect(scan.valid).toBe(true);
      let expected = 13;
      for (const end of tagEnds) if (end <= cut && end > expected) expected = end;
      expect(scan.validLength).toBe(expected);
      if (scan.lastTag) expect(scan.lastTag.end).toBe(expected);
    }
    expect(full.validLength).toBe(tiny.length);
  });

  it('flags damage before the end as invalid with a typed error', () => {
    const damaged = tiny.slice();
    const at = full.metadataTag!.end; // the tag after onMetaData
    damaged[at + 3] = (damaged[at + 3]! + 1) & 0xff; // DataSize off by one → back-pointer mismatch
    const scan = findLastCompleteTag(damaged);
    expect(scan.valid).toBe(false);
    expect(scan.error?.code).toBe(FlvErrorCode.BadPreviousTagSize);
    expect(scan.validLength).toBe(at);
    const notFlv = findLastCompleteTag(hex('00112233445566778899aabbccdd'));
    expect(notFlv.error?.code).toBe(FlvErrorCode.BadSignature);
  });

  it('uses the last audio tag as resume point for audio-only files (rtmpdump rule)', () => {
    const audio = fixture('audio.flv');
    const scan = findLastCompleteTag(audio);
    expect(scan.resumeTag?.type).toBe(8);
    expect(scan.resumeTag?.end).toBe(audio.length);
  });
});

describe('FlvTailScanner (backward search)', () => {
  const tiny = fixture('tiny.flv');

  it('agrees with the forward scan for every truncation point', () => {
    for (let cut = 13; cut <= tiny.length; cut++) {
      const file = tiny.subarray(0, cut);
      const forward = findLastCompleteTag(file).lastTag;
      const { result } = scanTail(file, { initialWindow: 256 });
      expect(result).toEqual(forward);
    }
  });

  it('reads only the tail of a large file', () => {
    const big = concat([
      tiny.subarray(0, 13),
      ...Array.from({ length: 200 }, (_, i) =>
        concat([
          hex(`09 001000 ${(i * 40).toString(16).padStart(6, '0')} 00 000000`),
          new Uint8Array(0x1000),
          hex('0000100b'),
        ]),
      ),
    ]);
    const cut = big.subarray(0, big.length - 100);
    let read = 0;
    const scanner = new FlvTailScanner(cut.length, { initialWindow: 8192 });
    for (let r = scanner.next(); r; r = scanner.next()) {
      read += r.length;
      scanner.supply(cut.slice(r.position, r.position + r.length));
    }
    expect(scanner.result?.end).toBe(big.length - (11 + 0x1000 + 4));
    expect(scanner.result?.timestamp).toBe(198 * 40);
    expect(read).toBeLessThanOrEqual(16384);
  });

  it('gives up after maxWindow and rejects mismatched reads', () => {
    const junk = new Uint8Array(100_000).fill(0xee);
    const { result } = scanTail(junk, { initialWindow: 1024, maxWindow: 4096 });
    expect(result).toBeUndefined();
    const scanner = new FlvTailScanner(1000);
    expect(() => scanner.supply(new Uint8Array(3))).toThrow(
      expect.objectContaining({ code: FlvErrorCode.InvalidArgument }),
    );
  });

  it('walks back to the same resume tag as the forward scan (rtmpdump GetLastKeyframe)', () => {
    for (let cut = 13; cut <= tiny.length; cut += 3) {
      const file = tiny.subarray(0, cut);
      const { scanner } = scanTail(file, { initialWindow: 128, resumeTag: { audioOnly: false } });
      expect(scanner.resumeTag).toEqual(findLastCompleteTag(file).resumeTag);
      expect(scanner.resumeError).toBeUndefined();
    }
    const audio = fixture('audio.flv');
    const { scanner } = scanTail(audio.subarray(0, audio.length - 50), { resumeTag: { audioOnly: true } });
    expect(scanner.resumeTag).toEqual(findLastCompleteTag(audio.subarray(0, audio.length - 50)).resumeTag);
  });

  it('skips keyframes like rtmpdump --skip', () => {
    const file = synthetic(23); // keyframes at i = 0, 5, 10, 15, 20
    for (const [skip, i] of [
      [0, 20],
      [1, 15],
      [4, 0],
    ] as const) {
      const { scanner } = scanTail(file, {
        initialWindow: 64,
        resumeTag: { audioOnly: false, skipKeyframes: skip },
      });
      expect(scanner.resumeTag?.timestamp).toBe(i * 40);
      expect(scanner.resumeTag?.type).toBe(9);
    }
    const { scanner } = scanTail(file, { resumeTag: { audioOnly: false, skipKeyframes: 5 } });
    expect(scanner.resumeTag).toBeUndefined();
    // Reading back in tiny windows pauses the walk on many tags; each is still judged once.
    for (let window = 16; window <= 256; window *= 2) {
      const paused = scanTail(file, {
        initialWindow: window,
        resumeTag: { audioOnly: false, skipKeyframes: 2 },
      });
      expect(paused.scanner.resumeTag?.timestamp).toBe(10 * 40);
      const audioOnly = scanTail(file, {
        initialWindow: window,
        resumeTag: { audioOnly: true, skipKeyframes: 3 },
      });
      // Audio-only rule: every tag counts for --skip: skip video 22, audio 22, video 21 → audio 21.
      expect(audioOnly.scanner.resumeTag).toMatchObject({ type: 8, timestamp: 21 * 40 });
    }
  });

  it('reports an inconsistent back-pointer met while walking back', () => {
    const file = synthetic(23).slice();
    // Each i is 37 bytes (audio 17 + video 20). Corrupt the PreviousTagSize of the video tag of i = 20
    // (0x10 → 0x44): the walk back from i = 22 reads it when stepping back from audio i = 21.
    const keyAt = 13 + 20 * 37 + 17;
    expect(file[keyAt + 19]).toBe(0x10);
    file[keyAt + 19] = 0x44;
    const { scanner } = scanTail(file, { initialWindow: 64, resumeTag: { audioOnly: false } });
    expect(scanner.resumeError?.code).toBe(FlvErrorCode.BadPreviousTagSize);
    expect(scanner.resumeTag).toBeUndefined();
  });
});
