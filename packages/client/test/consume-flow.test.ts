// PlayStream.consume() flow control and re-entrancy, on the scripted in-memory server behind a
// strict reusing transport: a handler's pending promise stops the pump pulling until it settles;
// play.close(), play.pause(), connection.call() and connection.close() from inside the handler
// are deferred until the receive returns (nothing is written while the handler runs) and then
// happen; a second play that is iterated switches transient mode off, so its payloads, held
// without a copy, survive later reads; the mode comes back on when that play ends.
import type { PlayEvent } from '@rtmp/client';
import { describe, expect, it } from 'vitest';
import {
  expectedMedia,
  mediaOf,
  scripted,
  snap,
  TAGS,
  type Tag,
  vodScript,
  wait,
} from './support/consume-peer.js';
import { avcFrame } from './support/test-server.js';

const MANY: Tag[] = Array.from({ length: 60 }, (_, i) => ({
  type: 9 as const,
  timestamp: i * 40,
  data: avcFrame(i, 3000, i === 0),
}));

describe('consume(): backpressure', () => {
  it('a pending handler promise keeps the pump from pulling until it settles', async () => {
    const { connection, transport } = await scripted(4096, vodScript(MANY));
    const play = await connection.play();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let videos = 0;
    const done = play.consume((e) => {
      if (e.type !== 'video') return;
      videos++;
      if (videos === 5) return gate;
      return undefined;
    });
    await wait(30);
    const pulls = transport.pulls;
    const seen = videos;
    await wait(80);
    // Stopped after the read that carried the 5th video: no pull, no event since.
    expect(transport.pulls).toBe(pulls);
    expect(videos).toBe(seen);
    expect(videos).toBeLessThan(MANY.length);
    open();
    const end = await done;
    expect(end.status?.code).toBe('NetStream.Play.Stop');
    expect(videos).toBe(MANY.length);
    expect(transport.pulls).toBeGreaterThan(pulls);
    await connection.close();
  });

  it('a promise on every event: all events arrive, in order, with their bytes', async () => {
    const { connection } = await scripted(7, vodScript(TAGS));
    const play = await connection.play();
    const snaps: string[] = [];
    const end = await play.consume((e) => {
      snaps.push(snap(e));
      return new Promise<void>((resolve) => setImmediate(resolve));
    });
    expect(end.status?.code).toBe('NetStream.Play.Stop');
    expect(mediaOf(snaps)).toEqual(expectedMedia());
    await connection.close();
  });
});

describe('consume(): session calls from inside the handler wait for the receive', () => {
  it('play.close() ends consume cleanly; closeStream/deleteStream go out after the receive', async () => {
    const { connection, transport, peer } = await scripted(4096, vodScript(TAGS, 'none'));
    const play = await connection.play();
    let closed = false;
    let writtenInside = -1;
    let afterClose = 0;
    const end = await play.consume((e) => {
      if (closed) {
        afterClose++;
        return;
      }
      if (e.type === 'video' && e.timestamp === 40) {
        const before = transport.writes.length;
        play.close();
        writtenInside = transport.writes.length - before;
        closed = true;
      }
    });
    expect(end).toEqual({ status: undefined, stopReached: false, streamEof: false });
    expect(writtenInside).toBe(0);
    expect(afterClose).toBe(0);
    await wait(5);
    expect(peer.events.map((e) => e.type)).toContain('stream-closed');
    // The connection goes on: another play works.
    const again = await connection.play('again');
    expect(again.streamId).toBeGreaterThan(0);
    await connection.close();
  });

  it('play.pause() and connection.call() are written after the receive, and take effect', async () => {
    const { connection, transport, peer } = await scripted(4096, vodScript(TAGS, 'none'), (p, e) => {
      if (e.type === 'command-received' && e.command.kind === 'call' && e.command.name === 'echo')
        p.apply(p.session.respond(e.command.transactionId, true, e.command.args[0] ?? null));
    });
    const play = await connection.play();
    let writtenInside = -1;
    let answer: Promise<unknown> | undefined;
    const done = play.consume((e) => {
      if (e.type === 'video' && e.timestamp === 40) {
        const before = transport.writes.length;
        play.pause();
        answer = connection.call('echo', ['ping']);
        writtenInside = transport.writes.length - before;
      }
    });
    await wait(20);
    expect(writtenInside).toBe(0);
    expect(await answer).toEqual(['ping']); // the information value the server answered
    expect(peer.events.find((e) => e.type === 'pause-requested')).toMatchObject({ paused: true });
    play.close();
    await expect(done).resolves.toMatchObject({ stopReached: false });
    await connection.close();
  });

  it('connection.close() from the handler closes after the receive; consume resolves', async () => {
    const { connection, transport } = await scripted(4096, vodScript(TAGS, 'none'));
    const play = await connection.play();
    let writtenInside = -1;
    let closing: Promise<void> | undefined;
    const end = await play.consume((e) => {
      if (closing === undefined && e.type === 'video') {
        const before = transport.writes.length;
        closing = connection.close();
        writtenInside = transport.writes.length - before;
      }
    });
    expect(writtenInside).toBe(0);
    expect(end).toEqual({ status: undefined, stopReached: false, streamEof: false });
    await closing;
    expect(connection.closed).toBe(true);
  });
});

describe('consume(): a second play that is iterated', () => {
  it('switches transient mode off; its payloads, held without a copy, survive later reads', async () => {
    const first = (i: number) => ({ type: 9 as const, timestamp: i * 40, data: avcFrame(i, 5000, i === 0) });
    const { connection, transport, peer, streams } = await scripted(4096, (p, streamId) => {
      for (let i = 0; i < 3; i++) {
        const t = first(i);
        p.write(p.session.encodeMedia(streamId, t.type, t.timestamp, t.data));
      }
    });
    const playA = await connection.play('a');
    const snapsA: string[] = [];
    const doneA = playA.consume((e) => {
      snapsA.push(snap(e));
    });
    await wait(10);
    expect(transport.modeChanges).toEqual([true]);
    const playB = await connection.play('b');
    expect(transport.modeChanges).toEqual([true, false]);
    const iterator = playB[Symbol.asyncIterator]();
    const heldB: PlayEvent[] = [];
    const snapsB: string[] = [];
    const readB = async (media: number) => {
      for (let n = 0; n < media; ) {
        const { value, done } = await iterator.next();
        if (done) throw new Error('play b ended early');
        heldB.push(value);
        snapsB.push(snap(value));
        if (value.type === 'video') n++;
      }
    };
    await readB(3);
    // More media for both plays: dozens of reads, multi-chunk messages on the same chunk streams.
    const later = Array.from({ length: 20 }, (_, i) => ({
      type: 9 as const,
      timestamp: 200 + i * 40,
      data: avcFrame(10 + i, 5000),
    }));
    const a = streams.get('a') as number;
    const b = streams.get('b') as number;
    for (const t of later) {
      peer.write(peer.session.encodeMedia(a, t.type, t.timestamp, t.data));
      peer.write(peer.session.encodeMedia(b, t.type, t.timestamp, avcFrame(t.timestamp, 5000)));
    }
    await readB(later.length);
    expect(heldB.map(snap)).toEqual(snapsB); // nothing B holds was overwritten
    expect(mediaOf(snapsB).map((m) => m.data)).toEqual([
      ...[0, 1, 2].map((i) => Array.from(first(i).data)),
      ...later.map((t) => Array.from(avcFrame(t.timestamp, 5000))),
    ]);
    // B ends: every remaining play is consumed again, so transient mode comes back on.
    peer.apply(peer.session.endPlay(b));
    for (;;) if ((await iterator.next()).done) break;
    await wait(5);
    expect(transport.modeChanges).toEqual([true, false, true]);
    peer.apply(peer.session.endPlay(a));
    const endA = await doneA;
    expect(endA.status?.code).toBe('NetStream.Play.Stop');
    expect(mediaOf(snapsA).map((m) => m.data)).toEqual([
      ...[0, 1, 2].map((i) => Array.from(first(i).data)),
      ...later.map((t) => Array.from(t.data)),
    ]);
    expect(heldB.map(snap)).toEqual(snapsB);
    await connection.close();
  });
});
