// routePlay: the play `start` values real clients send (librtmp 0 / −1000 with -v, FFmpeg −2000
// by default; protocol.md §5.3) × app modes × whether the name is being published.
import { describe, expect, it } from 'vitest';
import { routePlay } from '../src/index.js';

describe('routePlay', () => {
  it.each([
    // mode, start, published → first, liveIfNoFile
    ['both', 0, false, 'vod', false], // rtmpdump vod: file or StreamNotFound
    ['both', undefined, false, 'vod', false],
    ['both', 2500, false, 'vod', false], // rtmpdump -A 2.5
    ['both', -2000, false, 'vod', true], // FFmpeg: file, else wait for a publisher
    ['both', -2, false, 'vod', true], // the spec's −2 in seconds
    ['both', -1000, false, 'live', true], // rtmpdump -v: live only
    ['both', -1, false, 'live', true],
    ['both', 0, true, 'live', true], // a published name wins
    ['both', -2000, true, 'live', true],
    ['live', 0, false, 'live', true],
    ['live', undefined, false, 'live', true],
    ['vod', -1000, true, 'vod', false], // a vod app never goes live
    ['vod', -2000, false, 'vod', false],
  ] as const)(
    '%s app, start %s, published %s → %s (live if no file: %s)',
    (mode, start, published, first, liveIfNoFile) => {
      expect(routePlay(mode, start, published)).toEqual({ first, liveIfNoFile });
    },
  );
});
