/**
 * Split feeds and fuzz with an injected fetch (protocol.md §7): a reply split at every byte
 * boundary (interval byte included) yields exactly its RTMP bytes; random statuses, content
 * types, bodies and chunkings only ever end a session with data or a typed TRANSPORT_HTTP_* error,
 * never a hang or an untyped throw. Bounded; RTMP_SLOW=1 runs longer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectHttpTransport, type FetchLike, RtmpError } from './exports.js';
import { collect } from './helpers.js';

const SLOW = process.env.RTMP_SLOW === '1';

function streamOf(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < parts.length) controller.enqueue(parts[i++] as Uint8Array);
      else controller.close();
    },
  });
}

interface Reply {
  status: number;
  contentType: string;
  parts: Uint8Array[];
}

/** A fetch that answers /open/1 with an id, then scripted replies, then empty idles. */
function scriptedFetch(replies: Reply[], after?: Reply): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  let next = 0;
  const fetch = (async (url: string) => {
    urls.push(url);
    const path = new URL(url).pathname;
    if (path === '/open/1') {
      return new Response(streamOf([new TextEncoder().encode('s1\n')]), {
        headers: { 'content-type': 'application/x-fcs' },
      });
    }
    const reply: Reply = path.startsWith('/close/')
      ? { status: 200, contentType: 'application/x-fcs', parts: [Uint8Array.of(0)] }
      : (replies[next++] ??
        after ?? { status: 200, contentType: 'application/x-fcs', parts: [Uint8Array.of(1)] });
    return new Response(streamOf(reply.parts), {
      status: reply.status,
      headers: { 'content-type': reply.contentType },
    });
  }) as unknown as FetchLike;
  return { fetch, urls };
}

describe('reply split at every byte boundary', () => {
  const body = Uint8Array.from([0x05, ...Array.from({ length: 40 }, (_, i) => (i * 37 + 11) & 0xff)]);
  for (let k = 0; k <= body.length; k++) {
    it(`split at ${k}`, async () => {
      const parts = [body.subarray(0, k), body.subarray(k)].filter((p) => p.length > 0);
      const { fetch } = scriptedFetch([{ status: 200, contentType: 'application/x-fcs', parts }]);
      const t = await connectHttpTransport('rtmpt://x.invalid/app', { fetch });
      t.write(Uint8Array.of(3));
      const { bytes, error } = await collect(t, body.length - 1);
      expect(error).toBeUndefined();
      expect([...bytes]).toEqual([...body.subarray(1)]);
      expect(t.interval).toBe(0x05);
      await t.closed;
    });
  }

  it('one byte per chunk', async () => {
    const parts = Array.from(body, (b) => Uint8Array.of(b));
    const { fetch } = scriptedFetch([{ status: 200, contentType: 'application/x-fcs', parts }]);
    const t = await connectHttpTransport('rtmpt://x.invalid/app', { fetch });
    t.write(Uint8Array.of(3));
    const { bytes } = await collect(t, body.length - 1);
    expect([...bytes]).toEqual([...body.subarray(1)]);
    await t.closed;
  });
});

describe('fuzz', () => {
  const partsArb = fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 6 });
  const replyArb = fc.record({
    status: fc.oneof(fc.constant(200), fc.constantFrom(204, 301, 400, 404, 500, 503)),
    contentType: fc.oneof(
      fc.constant('application/x-fcs'),
      fc.constantFrom('text/html', 'application/x-fcs; x=1', ''),
    ),
    parts: partsArb,
  });

  it('ends every session with data or a typed error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(replyArb, { minLength: 1, maxLength: 5 }), async (replies) => {
        // Once the script is used up the server forgets the session (404).
        const { fetch } = scriptedFetch(replies, { status: 404, contentType: 'text/plain', parts: [] });
        const t = await connectHttpTransport('rtmpt://x.invalid/app', {
          fetch,
          maxResponseBytes: 200,
          requestTimeoutMs: 1000,
          poll: { maxDelayMs: 1 },
        });
        t.write(Uint8Array.of(3));
        const expected = replies.reduce((n, r) => n + r.parts.reduce((m, p) => m + p.length, 0), 0);
        const { error } = await collect(t, Math.max(1, expected));
        t.destroy();
        await t.closed;
        if (error !== undefined) {
          expect(RtmpError.is(error)).toBe(true);
          expect((error as RtmpError).code).toMatch(/^TRANSPORT_HTTP_/);
        }
      }),
      { numRuns: SLOW ? 3000 : 120 },
    );
  });
});
