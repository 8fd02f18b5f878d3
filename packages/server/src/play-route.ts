/**
 * Which source serves a `play` (RTMP spec 7.2.2.1 `start`: −2 "live, else recorded", −1 "live
 * only", ≥ 0 "recorded from there"; librtmp sends −1000 for live, FFmpeg −2000 by default, both
 * in ms — protocol.md §5.3). Pure, so the table below is tested on its own.
 */
import type { AppMode } from './rtmp-server-options.js';

/** The decision: try the file first (and fall back to waiting for a publisher, or not), or go live. */
export interface PlayRoute {
  /** `vod`: look for a file first; `live`: attach to the live stream at once. */
  first: 'vod' | 'live';
  /** When `first` is `vod` and there is no file: wait for a publisher (true) or StreamNotFound (false). */
  liveIfNoFile: boolean;
}

/**
 * Routes a play request.
 * - a `vod` app: files only;
 * - a `live` app, or `start` −1000/−1 (live only): live;
 * - a published name in a `both` app: live;
 * - otherwise the file; without one, −2000/−2 (or any other negative start) waits for a
 *   publisher, `start` ≥ 0 or omitted is StreamNotFound.
 */
export function routePlay(mode: AppMode, start: number | undefined, published: boolean): PlayRoute {
  if (mode === 'vod') return { first: 'vod', liveIfNoFile: false };
  const liveOnly = start === -1000 || start === -1 || mode === 'live';
  if (liveOnly || published) return { first: 'live', liveIfNoFile: true };
  return { first: 'vod', liveIfNoFile: start !== undefined && start < 0 };
}
