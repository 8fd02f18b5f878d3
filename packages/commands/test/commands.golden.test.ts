/**
 * Golden vectors for every builder: the captured rtmpdump/ffmpeg bytes where those tools send the
 * command (test/fixtures/captured-commands.jsonl), otherwise bytes written from the AMF0 marker
 * table (helpers.ts `A`) and protocol.md §5.3 argument lists. Each vector is also decoded back.
 */
import {
  decodeCommand,
  encodeCall,
  encodeCheckBandwidth,
  encodeClose,
  encodeCloseStream,
  encodeCreateStream,
  encodeData,
  encodeDeleteStream,
  encodeError,
  encodeFCPublish,
  encodeFCSubscribe,
  encodeFCUnpublish,
  encodeFCUnsubscribe,
  encodeGetStreamLength,
  encodeOnBWCheck,
  encodeOnBWDone,
  encodeOnBWDoneResult,
  encodeOnStatus,
  encodePause,
  encodePing,
  encodePlay,
  encodePlay2,
  encodePong,
  encodePublish,
  encodeReceiveAudio,
  encodeReceiveVideo,
  encodeReleaseStream,
  encodeResult,
  encodeRtmpSampleAccess,
  encodeSeek,
  encodeStatusNotification,
  PlayStart,
} from '@rtmp/commands';
import { describe, expect, it } from 'vitest';
import { A, capturedNamed, fromHex, hex } from './helpers.js';

const cmd = (name: string, txn: number, object: string, ...args: string[]) =>
  A.str(name) + A.num(txn) + object + args.join('');

describe('builders reproduce captured client commands', () => {
  const cases: Array<[string, number, string, number, () => Uint8Array]> = [
    ['createStream (rtmpdump)', 0, 'createStream', 0, () => encodeCreateStream(2)],
    ['play vod start 0 (rtmpdump)', 0, 'play', 0, () => encodePlay(3, { streamName: 'small', start: 0 })],
    ['deleteStream (rtmpdump)', 0, 'deleteStream', 0, () => encodeDeleteStream(4, 1)],
    ['FCSubscribe (rtmpdump --live)', 1, 'FCSubscribe', 0, () => encodeFCSubscribe(3, 'x')],
    [
      'play live -1000 (rtmpdump --live)',
      1,
      'play',
      0,
      () => encodePlay(4, { streamName: 'x', start: PlayStart.Live }),
    ],
    [
      'play with --start/--stop (rtmpdump)',
      2,
      'play',
      0,
      () => encodePlay(3, { streamName: 'small', start: 1000, duration: 500 }),
    ],
    ['getStreamLength (ffmpeg)', 3, 'getStreamLength', 0, () => encodeGetStreamLength(3, 'small')],
    [
      'play -2000 (ffmpeg default)',
      3,
      'play',
      0,
      () => encodePlay(4, { streamName: 'small', start: PlayStart.Any }),
    ],
    ['FCSubscribe (ffmpeg live)', 4, 'FCSubscribe', 0, () => encodeFCSubscribe(3, 'small')],
    ['deleteStream (ffmpeg)', 4, 'deleteStream', 0, () => encodeDeleteStream(5, 1)],
    ['releaseStream (ffmpeg publish)', 5, 'releaseStream', 0, () => encodeReleaseStream(2, 'pub')],
    ['FCPublish (ffmpeg publish)', 5, 'FCPublish', 0, () => encodeFCPublish(3, 'pub')],
    ['createStream txn 4 (ffmpeg publish)', 5, 'createStream', 0, () => encodeCreateStream(4)],
    ['publish live (ffmpeg)', 5, 'publish', 0, () => encodePublish(5, 'pub', 'live')],
    ['FCUnpublish (ffmpeg)', 5, 'FCUnpublish', 0, () => encodeFCUnpublish(6, 'pub')],
    ['deleteStream txn 7 (ffmpeg publish)', 5, 'deleteStream', 0, () => encodeDeleteStream(7, 1)],
  ];
  for (const [label, stream, name, nth, build] of cases) {
    it(label, () => {
      const fixture = capturedNamed(stream, 'c2s', name, nth);
      expect(hex(build())).toBe(fixture.hex);
      expect(decodeCommand({ typeId: fixture.typeId, payload: fromHex(fixture.hex) }).name).toBe(name);
    });
  }
});

describe('builders match spec-derived bytes', () => {
  const cases: Array<[string, () => Uint8Array, string]> = [
    ['pause', () => encodePause(7, true, 1500), cmd('pause', 7, A.null, A.bool(true), A.num(1500))],
    ['unpause', () => encodePause(8, false, 1500), cmd('pause', 8, A.null, A.bool(false), A.num(1500))],
    ['seek', () => encodeSeek(9, 30000), cmd('seek', 9, A.null, A.num(30000))],
    ['receiveAudio', () => encodeReceiveAudio(false), cmd('receiveAudio', 0, A.null, A.bool(false))],
    ['receiveVideo', () => encodeReceiveVideo(true), cmd('receiveVideo', 0, A.null, A.bool(true))],
    ['closeStream', () => encodeCloseStream(), cmd('closeStream', 0, A.null)],
    ['FCUnsubscribe', () => encodeFCUnsubscribe(4, 's'), cmd('FCUnsubscribe', 4, A.null, A.str('s'))],
    [
      'publish record',
      () => encodePublish(5, 's', 'record'),
      cmd('publish', 5, A.null, A.str('s'), A.str('record')),
    ],
    [
      'publish append',
      () => encodePublish(5, 's', 'append'),
      cmd('publish', 5, A.null, A.str('s'), A.str('append')),
    ],
    [
      'play with duration and reset',
      () => encodePlay(2, { streamName: 's', start: -2000, duration: -1, reset: true }),
      cmd('play', 2, A.null, A.str('s'), A.num(-2000), A.num(-1), A.bool(true)),
    ],
    ['play name only', () => encodePlay(2, { streamName: 's' }), cmd('play', 2, A.null, A.str('s'))],
    [
      'play2',
      () => encodePlay2({ streamName: 'hi', oldStreamName: 'lo', transition: 'switch', start: -1 }),
      cmd(
        'play2',
        0,
        A.null,
        A.obj([
          ['streamName', A.str('hi')],
          ['oldStreamName', A.str('lo')],
          ['start', A.num(-1)],
          ['transition', A.str('switch')],
        ]),
      ),
    ],
    ['_checkbw', () => encodeCheckBandwidth(6), cmd('_checkbw', 6, A.null)],
    ['call', () => encodeCall('myMethod', 8, ['a', 1]), cmd('myMethod', 8, A.null, A.str('a'), A.num(1))],
    ['ping', () => encodePing(3), cmd('ping', 3, A.null)],
    ['pong', () => encodePong(3), cmd('pong', 3, A.null)],
    ['close', () => encodeClose(), cmd('close', 0, A.null)],
    ['onBWDone', () => encodeOnBWDone([8192]), cmd('onBWDone', 0, A.null, A.num(8192))],
    ['_onbwcheck', () => encodeOnBWCheck(11), cmd('_onbwcheck', 11, A.null)],
    ['_onbwdone', () => encodeOnBWDoneResult([100, 2]), cmd('_onbwdone', 0, A.null, A.num(100), A.num(2))],
    ['_result to _onbwcheck', () => encodeResult(11, null, 0), cmd('_result', 11, A.null, A.num(0))],
    ['_result createStream', () => encodeResult(2, null, 1), cmd('_result', 2, A.null, A.num(1))],
    [
      '_error',
      () =>
        encodeError(1, null, {
          level: 'error',
          code: 'NetConnection.Connect.Rejected',
          description: 'no',
        }),
      cmd(
        '_error',
        1,
        A.null,
        A.obj([
          ['level', A.str('error')],
          ['code', A.str('NetConnection.Connect.Rejected')],
          ['description', A.str('no')],
        ]),
      ),
    ],
    [
      'onFCPublish',
      () => encodeStatusNotification('onFCPublish', { level: 'status', code: 'NetStream.Publish.Start' }),
      cmd(
        'onFCPublish',
        0,
        A.null,
        A.obj([
          ['level', A.str('status')],
          ['code', A.str('NetStream.Publish.Start')],
        ]),
      ),
    ],
  ];
  for (const [label, build, expected] of cases) {
    it(label, () => {
      const body = build();
      expect(hex(body)).toBe(expected);
      expect(() => decodeCommand({ typeId: 20, payload: body })).not.toThrow();
    });
  }
});

describe('server answers: builders match nginx-rtmp’s bytes', () => {
  it('_result to connect (properties + status info with extras)', () => {
    const fixture = capturedNamed(0, 's2c', '_result', 0);
    const body = encodeResult(
      1,
      { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
      {
        level: 'status',
        code: 'NetConnection.Connect.Success',
        description: 'Connection succeeded.',
        extra: { objectEncoding: 0 },
      },
    );
    expect(hex(body)).toBe(fixture.hex);
  });

  it('_result to createStream', () => {
    expect(hex(encodeResult(2, null, 1))).toBe(capturedNamed(0, 's2c', '_result', 1).hex);
  });

  it('onStatus Play.Start / Play.Stop as nginx words them', () => {
    expect(
      hex(
        encodeOnStatus({
          level: 'status',
          code: 'NetStream.Play.Start',
          description: 'Start video on demand',
        }),
      ),
    ).toBe(capturedNamed(0, 's2c', 'onStatus', 0).hex);
    expect(
      hex(encodeOnStatus({ level: 'status', code: 'NetStream.Play.Stop', description: 'Stop live' })),
    ).toBe(capturedNamed(1, 's2c', 'onStatus', 1).hex);
  });

  it('|RtmpSampleAccess and onPlayStatus (code before level, via encodeData)', () => {
    expect(hex(encodeRtmpSampleAccess(true, true))).toBe(capturedNamed(0, 's2c', '|RtmpSampleAccess').hex);
    const body = encodeData('onPlayStatus', [
      { code: 'NetStream.Play.Complete', level: 'status', duration: 0, bytes: 0 },
    ]);
    expect(hex(body)).toBe(capturedNamed(0, 's2c', 'onPlayStatus').hex);
  });

  it('onStatus NetStream.Publish.Start', () => {
    const fixture = capturedNamed(5, 's2c', 'onStatus', 0);
    const decoded = decodeCommand({ typeId: 20, payload: fromHex(fixture.hex) });
    if (decoded.kind !== 'onStatus') throw new Error(decoded.kind);
    const body = encodeOnStatus({
      level: 'status',
      code: 'NetStream.Publish.Start',
      description: decoded.status.description ?? '',
    });
    expect(hex(body)).toBe(fixture.hex);
  });
});

describe('builders reject invalid values', () => {
  const bad: Array<[string, () => unknown]> = [
    ['negative txn', () => encodeCreateStream(-1)],
    ['NaN txn', () => encodeCreateStream(Number.NaN)],
    ['empty call name', () => encodeCall('', 1)],
    ['non-finite seek', () => encodeSeek(1, Number.POSITIVE_INFINITY)],
    ['duration without start', () => encodePlay(1, { streamName: 's', duration: 5 })],
    ['reset without duration', () => encodePlay(1, { streamName: 's', start: 0, reset: true })],
    ['unknown publish type', () => encodePublish(1, 's', 'forever' as 'live')],
    ['negative stream id', () => encodeDeleteStream(1, -1)],
    ['non-string stream name', () => encodeFCPublish(1, 3 as unknown as string)],
  ];
  for (const [label, build] of bad) {
    it(label, () => {
      expect(build).toThrowError(expect.objectContaining({ code: 'COMMANDS_INVALID_VALUE' }));
    });
  }
});
