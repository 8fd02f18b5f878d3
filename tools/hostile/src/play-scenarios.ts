/**
 * Hostile behaviour while playing (RTMP spec 7.1.3 media, 7.2.2 NetStream; protocol.md §5.4):
 * silence, an error status mid-play, closes and resets mid-chunk, a one-byte-per-tick trickle.
 * Each must end typed, on time, with a partial FLV holding exactly the media that was whole.
 */
import { type HostileScenario, holdOpen } from './hostile-scenario.js';
import { videoPayload } from './scripted-peer.js';

const isPlay = (e: { type: string }) => e.type === 'play-requested';

export const playScenarios: HostileScenario[] = [
  {
    name: 'silent-after-play-request',
    misbehaviour: 'connect accepted, play read and never answered',
    expected: 'CLIENT_IDLE_TIMEOUT after 1.5 s of silence; play() rejects',
    codes: ['CLIENT_IDLE_TIMEOUT'],
    phases: ['play'],
    minMs: 1400,
    maxMs: 3000,
    async script(peer, signal) {
      await peer.serveUntil(isPlay, { acceptPlay: false });
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'silent-mid-play',
    misbehaviour: 'play started, 5 video messages, then silence with the socket open',
    expected: 'CLIENT_IDLE_TIMEOUT / CLIENT_NO_MEDIA_TIMEOUT after 1.5 s; FLV has the 5 tags',
    codes: ['CLIENT_IDLE_TIMEOUT', 'CLIENT_NO_MEDIA_TIMEOUT'],
    phases: ['stream'],
    minMs: 1400,
    maxMs: 3000,
    flvTags: 5,
    async script(peer, signal) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 5);
      await holdOpen(peer, signal);
    },
  },
  {
    name: 'onstatus-error-mid-play',
    misbehaviour: '10 video messages, then onStatus NetStream.Play.Failed (level error)',
    expected: 'CLIENT_PLAY_FAILED on the stream; FLV has the 10 tags',
    codes: ['CLIENT_PLAY_FAILED'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 10,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 10);
      await peer.apply(
        peer.session.sendStatus(play.streamId, {
          level: 'error',
          code: 'NetStream.Play.Failed',
          description: 'disk on fire',
        }),
      );
      await peer.read(1);
    },
  },
  {
    name: 'closes-mid-chunk',
    misbehaviour: '10 video messages, then the first 50 bytes of a 1000-byte message, then FIN',
    expected: 'CLIENT_CLOSED; FLV has the 10 whole tags and nothing of the cut one',
    codes: ['CLIENT_CLOSED'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 10,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 10);
      const cut = peer.session.encodeMedia(play.streamId, 9, 400, videoPayload(1, 1000));
      await peer.write(cut.subarray(0, 50));
      await peer.end();
    },
  },
  {
    name: 'rst-mid-message',
    misbehaviour: '10 video messages, then half of a 6000-byte message (two chunks), then TCP RST',
    expected: 'TRANSPORT_CONNECTION_RESET; FLV has the 10 whole tags',
    codes: ['TRANSPORT_CONNECTION_RESET', 'CLIENT_CLOSED'],
    phases: ['stream'],
    maxMs: 1000,
    flvTags: 10,
    async script(peer) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 10);
      const cut = peer.session.encodeMedia(play.streamId, 9, 400, videoPayload(1, 6000));
      await peer.write(cut.subarray(0, 4200));
      peer.reset();
    },
  },
  {
    name: 'trickle-mid-play',
    misbehaviour:
      '5 video messages, then a 1000-byte message one byte every 100 ms (bytes flow, media never completes)',
    expected:
      'CLIENT_NO_MEDIA_TIMEOUT 1.5 s after the last whole message: a no-progress watchdog, not a byte timer (librtmp restarts its timeout on every byte and hangs)',
    codes: ['CLIENT_NO_MEDIA_TIMEOUT'],
    phases: ['stream'],
    minMs: 1400,
    maxMs: 3000,
    flvTags: 5,
    async script(peer, signal) {
      const play = await peer.serveToPlay();
      if (!play) return;
      await peer.mediaRun(play.streamId, 5);
      await peer.trickle(peer.session.encodeMedia(play.streamId, 9, 200, videoPayload(1, 1000)), 100, signal);
    },
  },
];
