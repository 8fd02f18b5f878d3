/**
 * RtmptGatewaySession's reply queue (protocol.md §7) against a scripted upstream socket whose
 * unsent bytes and 'drain' the test controls, and recorded responses: replies take the upstream's
 * bytes in request order whatever makes one of them wait (back-pressure, a hold, a client gone),
 * and a stalled upstream never leaves a reply unanswered once the session ends.
 */
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RtmptGatewaySession, type RtmptSessionLimits } from '../src/rtmpt/index.js';

/** An upstream socket that accepts nothing until `drain()`: writes stay queued. */
class ScriptedUpstream extends EventEmitter {
  writableLength = 0;
  writableNeedDrain = false;
  destroyed = false;
  constructor(private readonly highWaterMark: number) {
    super();
  }
  write(chunk: Uint8Array): boolean {
    this.writableLength += chunk.length;
    if (this.writableLength >= this.highWaterMark) this.writableNeedDrain = true;
    return !this.writableNeedDrain;
  }
  /** The peer reads `n` queued bytes; 'drain' once all are gone after a write returned false. */
  consume(n: number): void {
    this.writableLength = Math.max(0, this.writableLength - n);
    if (this.writableLength === 0 && this.writableNeedDrain) {
      this.writableNeedDrain = false;
      this.emit('drain');
    }
  }
  send(text: string): void {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  end(): this {
    return this;
  }
  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true;
      this.emit('close');
    }
    return this;
  }
}

/** A response that records what it was answered with. */
class RecordedResponse extends EventEmitter {
  status = 0;
  writableEnded = false;
  destroyed = false;
  private readonly parts: Buffer[] = [];
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  cork(): void {}
  uncork(): void {}
  write(chunk: Uint8Array): boolean {
    this.parts.push(Buffer.from(chunk));
    return true;
  }
  end(chunk?: Uint8Array): this {
    if (chunk !== undefined) this.write(chunk);
    this.writableEnded = true;
    this.emit('close');
    return this;
  }
  /** The client went away before the answer. */
  abort(): void {
    this.destroyed = true;
    this.emit('close');
  }
  /** RTMP bytes carried (after the interval byte of a 200). */
  get rtmp(): string {
    return this.status === 200 ? Buffer.concat(this.parts).subarray(1).toString('latin1') : '';
  }
}

const sessions: RtmptGatewaySession[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.destroy();
});

function session(limits: Partial<RtmptSessionLimits> = {}) {
  const upstream = new ScriptedUpstream(16);
  const gone: RtmptGatewaySession[] = [];
  const s = new RtmptGatewaySession(
    'test',
    upstream as unknown as Socket,
    { maxPendingBytes: 32, maxResponseBytes: 1 << 20, holdMs: 10_000, strictSequence: true, ...limits },
    0,
    (g) => gone.push(g),
  );
  sessions.push(s);
  /** Posts a request as the gateway does: forwards a send body, then queues the reply. */
  const request = (command: 'send' | 'idle', body = '') => {
    const res = new RecordedResponse();
    const sent = command === 'send' ? s.sendUpstream(Buffer.from(body, 'latin1')) : 'ok';
    s.reply(res as unknown as ServerResponse, command === 'idle', sent === 'full');
    return { res, sent };
  };
  return { s, upstream, request, gone };
}

const big = 'x'.repeat(40); // above maxPendingBytes (32) and the high-water mark (16)

describe('RtmptGatewaySession reply queue', () => {
  it('a later /send answered "ok" before the upstream drained waits behind the back-pressured one', async () => {
    const { upstream, request } = session();
    const first = request('send', big);
    expect(first.sent).toBe('full');
    upstream.consume(30); // 10 bytes left: below maxPendingBytes, but no 'drain' yet
    const second = request('send', 'ack');
    expect(second.sent).toBe('ok');
    upstream.send('first;');
    await new Promise((r) => setImmediate(r));
    expect(first.res.writableEnded).toBe(false);
    expect(second.res.writableEnded).toBe(false); // the bytes wait for the earlier reply
    upstream.send('second;');
    upstream.consume(13); // drained: the /send reply goes out, then the one behind it
    await new Promise((r) => setImmediate(r));
    expect(first.res.status).toBe(200);
    expect(first.res.rtmp + second.res.rtmp).toBe('first;second;');
    expect(first.res.rtmp).toBe('first;second;'); // answered first, with everything pending
  });

  it('holds only the last reply, and a new request releases it; replies hold their turn', async () => {
    const { s, upstream, request } = session();
    const a = request('idle');
    expect(s.holding).toBe(true);
    const b = request('idle'); // releases a (empty), b is held in turn
    expect(a.res.status).toBe(200);
    expect(a.res.rtmp).toBe('');
    expect(s.holding).toBe(true);
    upstream.send('data');
    await new Promise((r) => setImmediate(r));
    expect(b.res.rtmp).toBe('data');
    expect(s.holding).toBe(false);
    expect(s.queuedReplies).toBe(0);
  });

  it('a reply whose client went away takes no bytes and lets the next one move up', () => {
    const { upstream, request } = session();
    const first = request('send', big);
    const second = request('idle');
    upstream.send('bytes');
    first.res.abort();
    expect(second.res.rtmp).toBe('bytes'); // no longer behind anything, and data is pending
  });

  it('does not wait for a drain that cannot come (upstream below its high-water mark)', () => {
    const { s, upstream, request } = session({ maxPendingBytes: 8 });
    upstream.send('pending');
    const r = request('send', '0123456789'); // 10 > 8 unsent, but under the 16-byte mark
    expect(r.sent).toBe('full');
    expect(upstream.writableNeedDrain).toBe(false);
    expect(r.res.rtmp).toBe('pending');
    expect(s.queuedReplies).toBe(0);
  });

  it('answers every queued reply in order when a stalled session ends (destroy)', () => {
    const { s, upstream, request, gone } = session();
    const replies = [request('send', big), request('idle'), request('send', 'ack')];
    upstream.send('last words');
    expect(replies.map((r) => r.res.writableEnded)).toEqual([false, false, false]);
    expect(s.holding).toBe(false); // waiting for a drain is not a hold: the reaper may close it
    s.destroy();
    expect(replies.map((r) => r.res.status)).toEqual([200, 404, 404]);
    expect(replies[0]?.res.rtmp).toBe('last words');
    expect(gone).toContain(s);
    expect(s.queuedReplies).toBe(0);
  });

  it('flushHeld answers every queued reply at once, in order, without a drain', () => {
    const { s, upstream, request } = session();
    const replies = [request('send', big), request('idle')];
    upstream.send('abc');
    s.flushHeld();
    expect(replies.map((r) => r.res.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.res.rtmp)).toEqual(['abc', '']);
  });

  it('counts queued replies against maxQueuedReplies', () => {
    const { s, request } = session({ maxQueuedReplies: 3 });
    request('send', big);
    request('idle');
    expect(s.replyQueueFull).toBe(false);
    request('idle');
    expect(s.queuedReplies).toBe(3);
    expect(s.replyQueueFull).toBe(true);
  });
});
