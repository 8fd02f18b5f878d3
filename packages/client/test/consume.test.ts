// PlayStream.consume() against a scripted in-memory server whose bytes are split every 1, 7 and
// 4096 bytes, behind a transport that really reuses its read buffers (each chunk is poisoned once
// the client pulls the next): the events and payload bytes consume() sees (copied inside the
// handler) equal the iterator's for the same server, and the sent media; consume() turns the
// connection's transient mode on; `stop` ends it with stopReached; Play.Stop / Play.Complete
// end it with the status; a transport error rejects it after the earlier tags; a throwing
// handler fails it with that error; consume/iterate are exclusive; queued events come first.
import { ClientErrorCode, type PlayEvent, type PlayStream } from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { expectedMedia, mediaOf, scripted, snap, TAGS, vodScript, wait } from './support/consume-peer.js';

async function iterate(play: PlayStream): Promise<{ snaps: string[]; held: PlayEvent[] }> {
  const snaps: string[] = [];
  const held: PlayEvent[] = [];
  for await (const e of play) {
    held.push(e);
    snaps.push(snap(e));
  }
  return { snaps, held };
}

describe.each([1, 7, 4096])('consume() with server bytes split every %i bytes', (slice) => {
  it('sees the same events and payload bytes as the iterator, and the media the server sent', async () => {
    const viaIterator = await scripted(slice);
    const iterated = await iterate(await viaIterator.connection.play());
    await viaIterator.connection.close();
    // The iterator's payloads are stable: held without a copy, they still have their bytes.
    expect(iterated.held.map(snap)).toEqual(iterated.snaps);
    expect(viaIterator.transport.modeChanges).toEqual([]);

    const { connection, transport } = await scripted(slice);
    const play = await connection.play();
    const snaps: string[] = [];
    const held: PlayEvent[] = [];
    const end = await play.consume((e) => {
      snaps.push(snap(e)); // copied inside the handler
      held.push(e);
    });
    expect(snaps).toEqual(iterated.snaps);
    expect(mediaOf(snaps)).toEqual(expectedMedia());
    expect(end).toEqual({
      status: expect.objectContaining({ code: 'NetStream.Play.Stop' }),
      stopReached: false,
      streamEof: false,
    });
    // Transient mode was on: the transport reused its buffers, so payloads kept past the
    // handler were overwritten (the contract says copy them) — and switched off at the end.
    expect(transport.modeChanges[0]).toBe(true);
    expect(transport.poisoned).toBeGreaterThan(0);
    expect(held.map(snap)).not.toEqual(snaps);
    await connection.close();
    expect(transport.modeChanges).toEqual([true, false]);
  });

  it('`stop` ends consume() with stopReached, as the iterator ends', async () => {
    const viaIterator = await scripted(slice);
    const iterated = await iterate(await viaIterator.connection.play(undefined, { stop: 100 }));
    expect(viaIterator.connection.closed).toBe(false);
    await viaIterator.connection.close();

    const { connection, peer } = await scripted(slice);
    const play = await connection.play(undefined, { stop: 100 });
    const snaps: string[] = [];
    const end = await play.consume((e) => {
      snaps.push(snap(e));
    });
    expect(end).toEqual({ status: undefined, stopReached: true, streamEof: false });
    expect(snaps).toEqual(iterated.snaps);
    expect(mediaOf(snaps)).toEqual(expectedMedia(TAGS.slice(0, 5))); // everything before ts 120
    await wait(5);
    expect(peer.events.map((e) => e.type)).toContain('stream-closed'); // deleteStream was sent
    await connection.close();
  });
});

describe('consume(): how it ends', () => {
  it('a server Play.Complete ends it with that status', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS, 'complete'));
    const play = await connection.play();
    const snaps: string[] = [];
    const end = await play.consume((e) => {
      snaps.push(snap(e));
    });
    expect(end.status?.code).toBe('NetStream.Play.Complete');
    expect(end.stopReached).toBe(false);
    expect(mediaOf(snaps)).toEqual(expectedMedia());
    await connection.close();
  });

  it('a transport error rejects it with that error, after every tag sent before it', async () => {
    const linkDown = new Error('link down');
    const { connection } = await scripted(700, (peer, streamId) => {
      vodScript(TAGS, 'none')(peer, streamId, 'clip');
      peer.transport.destroy(linkDown); // queued bytes are still delivered, then the error
    });
    const play = await connection.play();
    const snaps: string[] = [];
    const outcome = await play
      .consume((e) => {
        snaps.push(snap(e));
      })
      .then(
        () => 'resolved',
        (error: unknown) => error,
      );
    expect(outcome).toBe(linkDown);
    expect(mediaOf(snaps)).toEqual(expectedMedia());
    expect(connection.closed).toBe(true);
  });

  it('an exception thrown by the handler fails it (and the connection) with that error', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS, 'none'));
    const play = await connection.play();
    const boom = new Error('handler failed');
    const types: number[] = [];
    const outcome = await play
      .consume((e) => {
        if (e.type !== 'audio' && e.type !== 'video') return;
        types.push(e.type === 'audio' ? 8 : 9);
        if (types.length === 3) throw boom;
      })
      .then(
        () => 'resolved',
        (error: unknown) => error,
      );
    expect(outcome).toBe(boom);
    expect(types).toEqual(TAGS.slice(0, 3).map((t) => t.type));
    await connection.done;
    expect(connection.closed).toBe(true);
  });

  it('a handler promise that rejects fails it with the reason', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS, 'none'));
    const play = await connection.play();
    const reason = new Error('sink failed');
    const outcome = await play
      .consume((e) => (e.type === 'video' ? Promise.reject(reason) : undefined))
      .then(
        () => 'resolved',
        (error: unknown) => error,
      );
    expect(outcome).toBe(reason);
    await connection.close();
  });
});

describe('consume(): one way of reading', () => {
  const invalid = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return RtmpError.hasCode(error, ClientErrorCode.InvalidArgument);
    }
    return false;
  };

  it('consume after iterating, iterate after consume and consume twice throw CLIENT_INVALID_ARGUMENT', async () => {
    const { connection } = await scripted(4096, vodScript(TAGS, 'none'));
    const iterated = await connection.play('a');
    iterated[Symbol.asyncIterator]();
    expect(invalid(() => iterated.consume(() => {}))).toBe(true);
    const consumed = await connection.play('b');
    const done = consumed.consume(() => {});
    expect(invalid(() => consumed[Symbol.asyncIterator]())).toBe(true);
    expect(invalid(() => consumed.consume(() => {}))).toBe(true);
    await connection.close();
    await expect(done).resolves.toMatchObject({ stopReached: false });
  });

  it('events queued before consume() are delivered first, in order, then the rest', async () => {
    const { connection, peer, streams } = await scripted(4096, vodScript(TAGS.slice(0, 4), 'none'));
    const play = await connection.play();
    await wait(20); // the first tags are queued in the play stream by now
    const snaps: string[] = [];
    const done = play.consume((e) => {
      snaps.push(snap(e));
    });
    const queued = snaps.length;
    expect(queued).toBeGreaterThan(0); // handed over synchronously, inside consume()
    const streamId = streams.get('clip') as number;
    for (const t of TAGS.slice(4))
      peer.write(peer.session.encodeMedia(streamId, t.type, t.timestamp, t.data));
    peer.apply(peer.session.endPlay(streamId));
    const end = await done;
    expect(end.status?.code).toBe('NetStream.Play.Stop');
    expect(mediaOf(snaps)).toEqual(expectedMedia());
    // The metadata sent before the first tags was among the queued events handed over first.
    expect(snaps.slice(0, queued).map((e) => JSON.parse(e).type)).toContain('metadata');
    await connection.close();
  });
});
