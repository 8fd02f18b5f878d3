// PlayStream.consume() edge cases, on the scripted in-memory server: once a consumed play has
// ended (closed from the handler, or its `stop` timestamp reached) the handler gets no more
// events, even while a promise it returned is still pending — as the iterator, which yields
// nothing after the end; several promises returned for the events of one read all hold reading
// and all count for the result; a handler that throws on an event queued before consume() must
// not leave the play half-alive (its events piling up unread until the pump stalls); consume() on
// a play that already ended hands over what was queued and resolves.
import { describe, expect, it } from 'vitest';
import { type PlayScript, scripted, snap, TAGS, type Tag, vodScript, wait } from './support/consume-peer.js';
import { aacFrame, avcFrame } from './support/test-server.js';

/**
 * 20 ms after Play.Start (so consume() is called first): metadata, `tags` and (with `end`) the
 * StreamEOF + Play.Stop in ONE write, so that they reach the client in one read.
 */
const batched =
  (tags: Tag[], end: boolean): PlayScript =>
  (peer, streamId) =>
    void setTimeout(() => {
      const s = peer.session;
      const parts = [s.encodeMetadata(streamId, { duration: 1 })];
      for (const t of tags) parts.push(s.encodeMedia(streamId, t.type, t.timestamp, t.data));
      if (end) for (const o of s.endPlay(streamId)) if (o.type === 'send') parts.push(o.bytes);
      peer.write(Buffer.concat(parts));
    }, 20);

/** Small tags (single-chunk messages at the server's 4096-byte chunk size). */
const SMALL: Tag[] = [
  { type: 9, timestamp: 0, data: avcFrame(0, 200, true) },
  { type: 8, timestamp: 5, data: aacFrame(0) },
  { type: 9, timestamp: 40, data: avcFrame(1, 200) },
  { type: 8, timestamp: 45, data: aacFrame(1) },
  { type: 9, timestamp: 80, data: avcFrame(2, 200) },
  { type: 9, timestamp: 120, data: avcFrame(3, 200) },
  { type: 8, timestamp: 125, data: aacFrame(2) },
  { type: 9, timestamp: 160, data: avcFrame(4, 200) },
];

const later = () => new Promise<void>((resolve) => setTimeout(resolve, 2));

describe('consume(): nothing after the end', () => {
  it('play.close() from a sync handler: no event after it', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS, 'none'));
    const play = await connection.play();
    let closed = false;
    let afterClose = 0;
    await play.consume((e) => {
      if (closed) afterClose++;
      else if (e.type === 'video' && e.timestamp === 40) {
        play.close();
        closed = true;
      }
    });
    expect(afterClose).toBe(0);
    await connection.close();
  });

  // Regression, fixed (was a bug in packages/client/src/play-stream.ts, push(): `if (this.handler !== null) this.deliver(event)`
  // does not check that the stream has ended): when the stream ends (close(), stop, Play.Stop)
  // while a promise the handler returned for an earlier event of the same socket read is still
  // pending, settle() keeps `handler` set until that promise settles, so the events after the end
  // in that read are still handed to the handler. Fix: in push(), return early when
  // `this.queue.closed` (the stream ended or failed), before counting and delivering.
  it('play.close() from a handler whose promise is pending: no event after it', async () => {
    const { connection } = await scripted(1 << 20, batched(SMALL, false));
    const play = await connection.play();
    let closed = false;
    let afterClose = 0;
    try {
      await play.consume((e) => {
        if (closed) afterClose++;
        else if (e.type === 'video' && e.timestamp === 40) {
          play.close();
          closed = true;
        }
        return later();
      });
      expect(afterClose).toBe(0);
    } finally {
      await connection.close();
    }
  });

  // Same regression as above, as the CLI meets it (rtmpdump --stop with a sink applying backpressure): the
  // StreamEOF / Play.Stop events after the stop timestamp reach the handler; the iterator ends
  // before them.
  it('`stop` with a handler returning promises: the same events as the iterator', async () => {
    const viaIterator = await scripted(1 << 20, batched(SMALL, true));
    const iterated: string[] = [];
    for await (const e of await viaIterator.connection.play(undefined, { stop: 100 })) iterated.push(snap(e));
    await viaIterator.connection.close();

    const { connection } = await scripted(1 << 20, batched(SMALL, true));
    const play = await connection.play(undefined, { stop: 100 });
    const snaps: string[] = [];
    try {
      const end = await play.consume((e) => {
        snaps.push(snap(e));
        return later();
      });
      expect(end.stopReached).toBe(true);
      expect(snaps).toEqual(iterated);
    } finally {
      await connection.close();
    }
  });
});

describe('consume(): several promises from one read', () => {
  // Regression, fixed (was a bug in packages/client/src/play-stream.ts, deliver(): `this.pending = pending` keeps only the
  // LAST promise the handler returned): when the handler returns several promises for the events
  // of one socket read, the pump (whenWritable()) and settle() wait for the last one only. Reading
  // resumes while an earlier, slower promise is still pending — against "reading stops after the
  // current socket read until it settles" — and consume() can resolve before it settles, so its
  // later rejection is lost (see the next test). Fix: keep every outstanding promise, e.g. chain
  // them (`this.pending = Promise.all([previous, next])`) or count the unsettled ones.
  it('reading waits for every pending promise, not only the last one', async () => {
    const { connection, transport } = await scripted(1 << 20, batched(SMALL, false));
    const play = await connection.play();
    let open!: () => void;
    const slow = new Promise<void>((resolve) => {
      open = resolve;
    });
    let pullsAtRead = -1;
    const done = play.consume((e) => {
      if (e.type !== 'video') return undefined;
      if (e.timestamp === 0) return slow;
      if (e.timestamp === 160) pullsAtRead = transport.pulls; // the last event of the read
      return Promise.resolve();
    });
    try {
      await wait(80);
      expect(pullsAtRead).toBeGreaterThan(0);
      expect(transport.pulls).toBe(pullsAtRead); // the slow promise still holds reading
    } finally {
      open();
      play.close();
      await done;
      await connection.close();
    }
  });

  // Same regression: an earlier promise that rejects after the stream ended is lost; consume() resolves.
  it('consume() rejects when an earlier promise of the last read rejects', async () => {
    const { connection } = await scripted(1 << 20, batched(SMALL, true));
    const play = await connection.play();
    const reason = new Error('the first write failed');
    const outcome = await play
      .consume((e) => {
        if (e.type === 'video' && e.timestamp === 0)
          return new Promise<void>((_, reject) => setTimeout(() => reject(reason), 30));
        return Promise.resolve();
      })
      .then(
        () => 'resolved',
        (error: unknown) => error,
      );
    await connection.close();
    expect(outcome).toBe(reason);
  });
});

describe('consume(): a handler that throws on a queued event', () => {
  // Regression, fixed (was a bug in packages/client/src/play-stream.ts, consume(): the queued events are delivered inside the
  // Promise executor, so a handler exception only rejects consume()'s promise): the play is
  // neither failed nor released — it stays in the connection's plays with no handler, its later
  // events go to its EventQueue that nobody reads, and once 1024 are queued the pump waits on
  // whenWritable() forever: the whole connection stalls (here, call() never gets its answer).
  // Fix: catch the exception in consume() and fail the stream with it (this.fail(error); the
  // connection too, as documented for handler exceptions), then reject.
  it('fails the play or the connection instead of leaving it to stall the pump', async () => {
    const { connection, peer, streams } = await scripted(
      4096,
      vodScript(TAGS.slice(0, 2), 'none'),
      (p, e) => {
        if (e.type === 'command-received' && e.command.kind === 'call')
          p.apply(p.session.respond(e.command.transactionId, true, 'answer'));
      },
    );
    const play = await connection.play();
    await wait(20); // events are queued in the play stream
    const boom = new Error('handler failed on a queued event');
    await expect(
      play.consume(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    // The server goes on sending (a live stream would): more than the play's queue holds.
    const streamId = streams.get('clip') as number;
    for (let i = 0; i < 1100; i++) peer.write(peer.session.encodeMedia(streamId, 8, i, aacFrame(i, 16)));
    try {
      // Either outcome of a fix is fine: the play released (call answered) or the connection
      // failed (call rejected at once). Not fine: no answer at all.
      const outcome = await Promise.race([
        connection.call('anyone').then(
          () => 'answered',
          () => 'connection failed',
        ),
        wait(1000).then(() => 'no answer: the pump is stuck'),
      ]);
      expect(outcome).not.toBe('no answer: the pump is stuck');
    } finally {
      connection.destroy();
    }
  });
});

describe('consume() on a play that already ended', () => {
  it('hands over the queued events and resolves with the end', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS.slice(0, 3)));
    const play = await connection.play();
    await wait(20); // everything, Play.Stop included, has arrived and is queued
    const snaps: string[] = [];
    const end = await play.consume((e) => {
      snaps.push(snap(e));
    });
    expect(end.status?.code).toBe('NetStream.Play.Stop');
    expect(snaps.filter((s) => JSON.parse(s).type === 'video').length).toBe(2);
    await connection.close();
  });

  it('consume() after the connection closed cleanly resolves (the iterator would end too)', async () => {
    const { connection } = await scripted(4096, vodScript([], 'none'));
    const play = await connection.play('x');
    await connection.close();
    await expect(play.consume(() => {})).resolves.toEqual({
      status: undefined,
      stopReached: false,
      streamEof: false,
    });
  });
});
