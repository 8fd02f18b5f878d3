/**
 * Request paths of the RTMPT server side (protocol.md §7): `/fcs/ident2`, `/open/1`,
 * `/send|idle|close/<session>/<seq>`. Pure parsing; anything else is `null` (answered 404).
 */

/** A recognised RTMPT request path. */
export type RtmptPath =
  | { command: 'ident' }
  | { command: 'open' }
  | { command: 'send' | 'idle' | 'close'; sessionId: string; seq: number };

const SESSION_RE = /^\/(send|idle|close)\/([^/?#\s]{1,63})\/(\d{1,10})(?:\?.*)?$/;

/** Parses a request target (path plus optional query). Returns null when it is not RTMPT. */
export function parseRtmptPath(target: string): RtmptPath | null {
  const path = target.split('?')[0] as string;
  if (path === '/fcs/ident2' || path === '/fcs/ident') return { command: 'ident' };
  if (path === '/open/1') return { command: 'open' };
  const m = SESSION_RE.exec(target);
  if (m === null) return null;
  const seq = Number(m[3]);
  if (seq > 0xffffffff) return null;
  return { command: m[1] as 'send' | 'idle' | 'close', sessionId: m[2] as string, seq };
}
