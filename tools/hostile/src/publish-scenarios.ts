/**
 * Hostile servers for a publishing client (RTMP spec 7.2.2.6 publish, protocol.md §5.4 publish
 * flow): refusal, reset mid-publish, and a server that stops reading — silently, or while it keeps
 * the connection "alive" with pings so no idle timer fires.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type HostileScenario, holdOpen } from './hostile-scenario.js';
import { rawUserControl } from './raw-chunk.js';

const isPublish = (e: { type: string }) => e.type === 'publish-requested';

export const publishScenarios: HostileScenario[] = [
  {
    name: 'publish-rejected',
    misbehaviour: 'answers publish with onStatus NetStream.Publish.BadName',
    expected: 'CLIENT_PUBLISH_FAILED with the status code, at once',
    codes: ['CLIENT_PUBLISH_FAILED'],
    phases: ['publish'],
    publish: 10,
    maxMs: 1000,
    async script(peer) {
      const event = await peer.serveUntil(isPublish, {});
      if (event?.type !== 'publish-requested') return;
      await peer.apply(peer.session.rejectPublish(event.streamId, 'name taken'));
      await peer.serveUntil(() => false);
    },
  },
  {
    name: 'rst-mid-publish',
    misbehaviour: 'accepts publish, reads 100 kB of media, then TCP RST',
    expected: 'the pending write rejects typed (reset/closed), no hang',
    codes: ['TRANSPORT_CONNECTION_RESET', 'CLIENT_CLOSED'],
    phases: ['publishing'],
    publish: 10_000,
    maxMs: 2000,
    async script(peer) {
      const event = await peer.serveUntil(isPublish, {});
      if (event?.type !== 'publish-requested') return;
      await peer.apply(peer.session.acceptPublish(event.streamId, event.name));
      await peer.read(100_000);
      peer.reset();
    },
  },
  {
    name: 'stops-reading-mid-publish',
    misbehaviour:
      "accepts publish, then never reads again and sends nothing (the client's send buffers fill)",
    expected:
      "CLIENT_SEND_TIMEOUT (or the idle deadline) after 1.5 s ends the blocked write; memory bounded by the transport's write high-water mark",
    codes: ['CLIENT_SEND_TIMEOUT', 'CLIENT_IDLE_TIMEOUT'],
    phases: ['publishing'],
    publish: 100_000,
    minMs: 1400,
    maxMs: 4000,
    async script(peer, signal) {
      const event = await peer.serveUntil(isPublish, {});
      if (event?.type !== 'publish-requested') return;
      await peer.apply(peer.session.acceptPublish(event.streamId, event.name));
      peer.socket.pause();
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'stops-reading-but-pings',
    misbehaviour:
      'accepts publish, never reads again, but sends a PingRequest every 200 ms (bytes keep arriving)',
    expected:
      'a typed error within a bounded time: a blocked send must not wait forever while the server chats',
    codes: ['CLIENT_IDLE_TIMEOUT', 'CLIENT_SEND_TIMEOUT', 'CLIENT_CLOSED'],
    phases: ['publishing'],
    publish: 100_000,
    maxMs: 6000,
    hardLimitMs: 7000,
    async script(peer, signal) {
      const event = await peer.serveUntil(isPublish, {});
      if (event?.type !== 'publish-requested') return;
      await peer.apply(peer.session.acceptPublish(event.streamId, event.name));
      peer.socket.pause();
      for (let i = 0; i < 150 && !peer.closed && !signal.aborted; i++) {
        await peer.write(rawUserControl(6, i));
        await sleep(200);
      }
    },
  },
];
