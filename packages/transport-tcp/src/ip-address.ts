/**
 * IP literal parsing to wire bytes, for SOCKS requests (SOCKS4 DSTIP; RFC 1928 §5 ATYP 1 and 4;
 * IPv6 text forms per RFC 4291 §2.2, including `::` and an embedded dotted IPv4 tail).
 */

/** The 4 bytes of a dotted-decimal IPv4 literal, or null when `text` is not one. */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] as string;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const value = Number(part);
    if (value > 255) return null;
    out[i] = value;
  }
  return out;
}

function parseGroups(text: string, out: number[]): boolean {
  if (text === '') return true;
  for (const group of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return false;
    out.push(Number.parseInt(group, 16));
  }
  return true;
}

/** The 16 bytes of an IPv6 literal (no brackets, no zone id), or null when `text` is not one. */
export function parseIPv6(text: string): Uint8Array | null {
  let body = text;
  let tail: Uint8Array | null = null;
  const lastColon = body.lastIndexOf(':');
  if (lastColon < 0) return null;
  if (body.indexOf('.', lastColon) > 0) {
    tail = parseIPv4(body.slice(lastColon + 1));
    if (!tail) return null;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const double = body.indexOf('::');
  if (double !== body.lastIndexOf('::')) return null;
  const head: number[] = [];
  const rest: number[] = [];
  if (double >= 0) {
    if (!parseGroups(body.slice(0, double), head) || !parseGroups(body.slice(double + 2), rest)) return null;
    if (head.length + rest.length > 7) return null;
  } else {
    if (!parseGroups(body, head) || head.length !== 8) return null;
  }
  const groups = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    const group = groups[i] as number;
    out[i * 2] = group >> 8;
    out[i * 2 + 1] = group & 0xff;
  }
  if (tail) out.set(tail, 12);
  return out;
}
