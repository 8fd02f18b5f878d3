/**
 * librtmp's playpath rewriting (parseurl.c `RTMP_ParsePlaypath`; protocol.md §10): the part of
 * the URL after the app becomes the stream name FMS expects.
 *
 * - `?...slist=NAME&...` (a query holding `slist=`): the playpath is NAME.
 * - A name ending in `.mp4` or `.f4v` gets `mp4:` in front and loses the extension; `.mp3` gets
 *   `mp3:`; `.flv` is removed (not from an `slist=` name). A name already starting with the
 *   prefix keeps its extension. The extension is the four characters before the first `?`
 *   (query kept), else the last four. Comparisons are case-sensitive, as in librtmp.
 * - `%XX` escapes are decoded (UTF-8); a `%` not followed by two hex digits is kept literally.
 */
import { decodeHexEscapes } from './hex-escapes.js';

const keepLiteral = (): void => {};

/**
 * Turns the raw playpath text of a URL into the stream name librtmp would send. Throws nothing.
 *
 * @example parseRtmpPlaypath('videos/clip.mp4') // 'mp4:videos/clip'
 */
export function parseRtmpPlaypath(raw: string): string {
  let name = raw;
  let fromSlist = false;
  if (raw.charCodeAt(0) === 0x3f /* ? */) {
    const slist = raw.indexOf('slist=');
    if (slist >= 0) {
      const start = slist + 6;
      const amp = raw.indexOf('&', start);
      name = raw.slice(start, amp < 0 ? raw.length : amp);
      fromSlist = true;
    }
  }

  let prefix = '';
  let extAt = -1;
  if (name.length >= 4) {
    const query = name.indexOf('?');
    const at = query >= 0 ? query - 4 : name.length - 4;
    if (at >= 0) {
      const ext = name.slice(at, at + 4);
      if (ext === '.mp4' || ext === '.f4v') {
        if (!name.startsWith('mp4:')) {
          prefix = 'mp4:';
          extAt = at;
        }
      } else if (ext === '.flv') {
        if (!fromSlist) extAt = at;
      } else if (ext === '.mp3') {
        if (!name.startsWith('mp3:')) {
          prefix = 'mp3:';
          extAt = at;
        }
      }
    }
  }
  const body = extAt >= 0 ? name.slice(0, extAt) + name.slice(extAt + 4) : name;
  return prefix + decodeHexEscapes(body, '%', keepLiteral);
}
