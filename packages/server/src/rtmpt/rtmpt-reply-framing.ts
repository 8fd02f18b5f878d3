/**
 * RtmptReplyFraming: the HTTP head of RTMPT send/idle replies (protocol.md §7) and how many
 * pending bytes each carries, chosen so that librtmp can always parse the next reply's head.
 *
 * librtmp 2.4 (rtmpdump) reads the HTTP connection into a 16384-byte buffer, 16383 bytes usable,
 * which it refills from its start only once it is empty and otherwise appends to. It parses a
 * reply head in place and needs the whole head plus the interval byte in that buffer. When a head
 * begins in the last bytes of a full buffer, librtmp's next read asks the socket for 0 bytes, gets
 * 0, takes that for the end of the connection and closes the session: the download ends early
 * (rtmpdump exits 0 or 2 with the last tags missing). That happens when the client reads slower
 * than the gateway answers and a reply follows a long one on the connection, typically the reply
 * to a `/send` (an RTMP acknowledgement) posted while the long reply is being read.
 *
 * The gateway cannot see the client's buffer, but while the client is behind, its buffer windows
 * are back-to-back 16383-byte slices of the connection, starting where its buffer was last empty.
 * That is known after an `/idle` (librtmp posts one only with nothing buffered and nothing
 * outstanding) and for the first reply of a session (librtmp drops what follows the `/open`
 * reply). From there every reply keeps the next head whole: a body that crosses a window end
 * stops at the last window end it reaches (the rest stays pending for the next reply); a reply
 * that would end within `reserve` bytes of a window end gets a padding header (`X-Pad: ...`) so
 * that it ends on the window end instead. Every head then starts at most `window − reserve` bytes
 * into a window. Other clients only see replies a little shorter than `maxResponseBytes` and,
 * now and then, a padding header.
 *
 * That is a guess, though: librtmp also restarts its buffer wherever it catches up with the bytes
 * the network has delivered (a short read in the middle of a long reply), which the gateway cannot
 * see, and from there on a head can straddle again (rarely). `short` mode does not guess: every
 * reply, head included, stays within `window − reserve` bytes. librtmp posts a request in the
 * middle of a reply (an acknowledgement) at most once per reply, and every read it makes after
 * that starts inside that reply, so it reaches past the whole head of the reply that answers the
 * request, wherever the read starts. The price is a request per ~16 KB. Pure logic; throws
 * nothing.
 */

/** Options for {@link RtmptReplyFraming}. */
export interface RtmptReplyFramingOptions {
  /** Usable bytes of the client's receive buffer (default 16383: librtmp's 16384 − 1). */
  window?: number;
  /** Room kept before a window end for the next reply head and interval byte (default 512). */
  reserve?: number;
  /** Keep every reply, head included, within `window − reserve` bytes (default false). */
  short?: boolean;
}

/** The head and body size of one planned reply. */
export interface RtmptReplyPlan {
  /** Pending bytes to put after the interval byte. */
  body: number;
  /** The HTTP headers to send (Content-Length = body + 1). */
  headers: Record<string, string>;
  /** Bytes of the HTTP head these headers make with a `200 OK` status line. */
  headBytes: number;
}

const STATUS_LINE = 'HTTP/1.1 200 OK\r\n';

/** Bytes of an HTTP/1.1 head with this status line and these headers (as Node writes them). */
export function httpHeadBytes(statusLine: string, headers: Readonly<Record<string, string>>): number {
  let n = statusLine.length + 2;
  for (const [name, value] of Object.entries(headers)) n += name.length + value.length + 4;
  return n;
}

/** Reply framing of one RTMPT session (one client connection). */
export class RtmptReplyFraming {
  private readonly window: number;
  private readonly reserve: number;
  private readonly short: boolean;
  /** Bytes written since the start of the current assumed window (0 ≤ offset < window). */
  private offset = 0;

  constructor(options: RtmptReplyFramingOptions = {}) {
    this.window = options.window ?? 16383;
    this.reserve = Math.min(options.reserve ?? 512, this.window - 1);
    this.short = options.short ?? false;
  }

  /** The client's buffer is empty before the next reply: a new window starts with it. */
  restart(): void {
    this.offset = 0;
  }

  /**
   * Plans the next 200 reply carrying at most `available` pending bytes and records it as
   * written. `date` is the Date header value (an IMF-fixdate).
   */
  next(available: number, date: string): RtmptReplyPlan {
    const w = this.window;
    const headFor = (body: number) => httpHeadBytes(STATUS_LINE, replyHeaders(body, date));
    // Short mode: the whole reply within `window − reserve`. Otherwise a body that crosses a
    // window end stops at the last one it reaches. The head's length depends on the digits of
    // Content-Length: settle in a few rounds.
    const limit = (prefix: number) =>
      this.short ? Math.max(0, Math.min(available, w - this.reserve - prefix)) : this.cut(prefix, available);
    let body = available;
    let previous = -1;
    for (let round = 0; round < 4 && body !== previous; round++) {
      previous = body;
      body = limit(headFor(body) + 1);
    }
    // Alternating across a change of digits: the longer body overshoots the window end by the
    // one digit, which leaves the next head a byte into the next window, still whole.
    if (body !== previous) body = this.short ? Math.min(body, previous) : Math.max(body, previous);
    const headers = replyHeaders(body, date);
    let headBytes = httpHeadBytes(STATUS_LINE, headers);
    const end = (this.offset + headBytes + 1 + body) % w;
    if (!this.short && end > w - this.reserve) {
      // Too close to the window end for the next head: pad this head so that the reply ends on
      // the window end (or, for a padding shorter than a header line, a few bytes past it: the
      // body is then longer than the reserve, so this head still fits).
      const pad = Math.max(w - end, MIN_PAD);
      headers[PAD_HEADER] = '.'.repeat(pad - MIN_PAD + 1);
      headBytes += pad;
    }
    this.offset = (this.offset + headBytes + 1 + body) % w;
    return { body, headers, headBytes };
  }

  /** Body bytes (≤ wanted) after `prefix` bytes of head and interval byte: up to the last window end crossed. */
  private cut(prefix: number, wanted: number): number {
    const bodyStart = this.offset + prefix;
    const lastEnd = Math.floor((bodyStart + wanted) / this.window) * this.window;
    return lastEnd > bodyStart ? lastEnd - bodyStart : wanted;
  }
}

/** The padding header: `X-Pad: .\r\n` at least. */
const PAD_HEADER = 'X-Pad';
const MIN_PAD = PAD_HEADER.length + 5;

function replyHeaders(body: number, date: string): Record<string, string> {
  return {
    'Content-Type': 'application/x-fcs',
    'Content-Length': String(body + 1),
    'Cache-Control': 'no-cache',
    Connection: 'Keep-Alive',
    Date: date,
  };
}
