/**
 * decodeCommand / decodeDataMessage on the bytes nginx-rtmp, rtmpdump and ffmpeg put on the wire
 * (test/fixtures/captured-commands.jsonl), on spec-derived vectors, and on broken input.
 */
import {
  decodeCommand,
  decodeDataMessage,
  encodeError,
  encodeOnMetaData,
  encodeOnPlayStatus,
  encodeRtmpSampleAccess,
  encodeSetDataFrame,
  parsePublisherAuthChallenge,
} from '@rtmp/commands';
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { A, captured, capturedNamed, fromHex, hex } from './helpers.js';

const msg = (m: { typeId: number; hex: string }) => ({ typeId: m.typeId, payload: fromHex(m.hex) });

describe('decodeCommand on nginx-rtmp answers', () => {
  it('connect _result: properties and status', () => {
    const d = decodeCommand(msg(capturedNamed(0, 's2c', '_result', 0)));
    expect(d.kind).toBe('result');
    if (d.kind !== 'result') return;
    expect(d.transactionId).toBe(1);
    expect({ ...(d.commandObject as object) }).toEqual({ fmsVer: 'FMS/3,0,1,123', capabilities: 31 });
    expect(d.status).toMatchObject({
      level: 'status',
      code: 'NetConnection.Connect.Success',
      description: 'Connection succeeded.',
    });
    expect(d.status?.properties.objectEncoding).toBe(0);
  });

  it('createStream _result: the stream id', () => {
    const d = decodeCommand(msg(capturedNamed(0, 's2c', '_result', 1)));
    expect(d.kind === 'result' && [d.transactionId, d.info, d.status]).toEqual([2, 1, undefined]);
  });

  it('onStatus sequence: Play.Start, Play.Stop, Publish.Start, Unpublish.Success', () => {
    const codes = captured
      .filter((m) => m.dir === 's2c' && m.typeId === 20)
      .map((m) => decodeCommand(msg(m)))
      .flatMap((d) => (d.kind === 'onStatus' ? [`${d.status.level}:${d.status.code}`] : []));
    expect(new Set(codes)).toEqual(
      new Set([
        'status:NetStream.Play.Start',
        'status:NetStream.Play.Stop',
        'status:NetStream.Publish.Start',
        'status:NetStream.Unpublish.Success',
      ]),
    );
  });

  it('every captured client command decodes to its typed kind', () => {
    const kinds = captured
      .filter((m) => m.dir === 'c2s' && m.typeId === 20)
      .map((m) => decodeCommand(msg(m)).kind);
    expect(new Set(kinds)).toEqual(
      new Set([
        'connect',
        'createStream',
        'play',
        'deleteStream',
        'FCSubscribe',
        'getStreamLength',
        'releaseStream',
        'FCPublish',
        'publish',
        'FCUnpublish',
      ]),
    );
  });

  it('typed arguments of play, publish and deleteStream', () => {
    const play = decodeCommand(msg(capturedNamed(2, 'c2s', 'play')));
    expect(play.kind === 'play' && [play.streamName, play.start, play.duration, play.reset]).toEqual([
      'small',
      1000,
      500,
      undefined,
    ]);
    const publish = decodeCommand(msg(capturedNamed(5, 'c2s', 'publish')));
    expect(publish.kind === 'publish' && [publish.streamName, publish.publishType]).toEqual(['pub', 'live']);
    const del = decodeCommand(msg(capturedNamed(5, 'c2s', 'deleteStream')));
    expect(del.kind === 'deleteStream' && [del.transactionId, del.streamId]).toEqual([7, 1]);
  });
});

describe('decodeDataMessage on captured data messages', () => {
  it('|RtmpSampleAccess true true', () => {
    const d = decodeDataMessage(msg(capturedNamed(0, 's2c', '|RtmpSampleAccess')));
    expect(d.kind === 'rtmpSampleAccess' && [d.audio, d.video]).toEqual([true, true]);
  });

  it('onMetaData from nginx vod, and re-encoding gives the same bytes', () => {
    const fixture = capturedNamed(0, 's2c', 'onMetaData');
    const d = decodeDataMessage(msg(fixture));
    if (d.kind !== 'onMetaData') throw new Error(d.kind);
    expect(d.metadata).toMatchObject({ width: 160, height: 120 });
    expect(d.metadata.duration).toBeCloseTo(2.2, 5);
    expect(hex(encodeOnMetaData(d.metadata))).toBe(fixture.hex);
  });

  it('onPlayStatus NetStream.Play.Complete (code before level, as nginx sends it)', () => {
    const d = decodeDataMessage(msg(capturedNamed(0, 's2c', 'onPlayStatus')));
    expect(d.kind === 'onPlayStatus' && [d.status.code, d.status.level]).toEqual([
      'NetStream.Play.Complete',
      'status',
    ]);
  });

  it('@setDataFrame from ffmpeg publish, and re-encoding gives the same bytes', () => {
    const fixture = capturedNamed(5, 'c2s', '@setDataFrame');
    const d = decodeDataMessage(msg(fixture));
    if (d.kind !== 'setDataFrame') throw new Error(d.kind);
    expect(d.handler).toBe('onMetaData');
    expect(d.data).toMatchObject({ width: 160, height: 120, encoder: expect.stringContaining('Lavf') });
    expect(hex(encodeSetDataFrame(d.data as Record<string, never>))).toBe(fixture.hex);
  });

  it('spec-derived vectors for the data builders', () => {
    expect(hex(encodeRtmpSampleAccess(false, true))).toBe(
      A.str('|RtmpSampleAccess') + A.bool(false) + A.bool(true),
    );
    expect(hex(encodeSetDataFrame({ width: 2 }))).toBe(
      A.str('@setDataFrame') + A.str('onMetaData') + A.ecma([['width', A.num(2)]]),
    );
    expect(
      hex(encodeOnPlayStatus({ level: 'status', code: 'NetStream.Play.Complete' }, { amf3: true })),
    ).toBe(
      `00${A.str('onPlayStatus')}${A.obj([
        ['level', A.str('status')],
        ['code', A.str('NetStream.Play.Complete')],
      ])}`,
    );
  });

  it('AMF3 framing (type 15) and generic data', () => {
    const d = decodeDataMessage({ typeId: 15, payload: fromHex(`00${A.str('onCuePoint')}${A.num(1)}`) });
    expect([d.kind, d.name, d.values, d.amf3]).toEqual(['data', 'onCuePoint', [1], true]);
  });
});

describe('decodeCommand edge cases (spec-derived)', () => {
  it('type 17 with the format byte, and AMF3 values after 0x11', () => {
    // 0x11 switch then AMF3 integer 5 (0x04 0x05) as the createStream _result's stream id
    const payload = fromHex(`00${A.str('_result')}${A.num(2)}${A.null}110405`);
    const d = decodeCommand({ typeId: 17, payload });
    expect(d.kind === 'result' && [d.info, d.amf3]).toEqual([5, true]);
  });

  it('onStatus whose info object is AMF3 (0x11 switch, dynamic anonymous object)', () => {
    const amf3String = (t: string) =>
      `06${((t.length << 1) | 1).toString(16).padStart(2, '0')}${Buffer.from(t).toString('hex')}`;
    // 0x0a object, 0x0b = inline traits, dynamic, 0 sealed members; class name "" (0x01);
    // dynamic members (name, value)… ended by the empty string 0x01 (AMF3 spec 3.12)
    const info = `110a0b01${amf3String('level').slice(2)}${amf3String('status')}${amf3String('code').slice(2)}${amf3String('NetStream.Play.Start')}01`;
    const d = decodeCommand({
      typeId: 17,
      payload: fromHex(`00${A.str('onStatus')}${A.num(0)}${A.null}${info}`),
    });
    expect(d.kind === 'onStatus' && [d.status.level, d.status.code]).toEqual([
      'status',
      'NetStream.Play.Start',
    ]);
  });

  it('an auth _error: status description feeds parsePublisherAuthChallenge', () => {
    const description =
      '[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=s&challenge=c';
    const body = encodeError(1, null, {
      level: 'error',
      code: 'NetConnection.Connect.Rejected',
      description,
    });
    const d = decodeCommand({ typeId: 20, payload: body });
    if (d.kind !== 'error' || !d.status?.description) throw new Error('no status');
    expect(parsePublisherAuthChallenge(d.status.description)).toMatchObject({
      authmod: 'adobe',
      reason: 'needauth',
      params: { user: 'u', salt: 's', challenge: 'c' },
    });
  });

  it('notification without transaction id or command object', () => {
    const d = decodeCommand({ typeId: 20, payload: fromHex(A.str('onBWDone')) });
    expect([d.kind, d.transactionId, d.commandObject, d.args]).toEqual(['onBWDone', 0, null, []]);
  });

  it('unknown commands become kind call', () => {
    const d = decodeCommand({
      typeId: 20,
      payload: fromHex(A.str('myMethod') + A.num(4) + A.null + A.str('x')),
    });
    expect([d.kind, d.name, d.args]).toEqual(['call', 'myMethod', ['x']]);
  });

  it('publish without a type reads as live; pause defaults', () => {
    const p = decodeCommand({
      typeId: 20,
      payload: fromHex(A.str('publish') + A.num(5) + A.null + A.str('s')),
    });
    expect(p.kind === 'publish' && p.publishType).toBe('live');
  });

  const errors: Array<[string, number, string, string]> = [
    ['wrong message type', 18, A.str('play'), 'COMMANDS_NOT_A_COMMAND'],
    ['empty body', 20, '', 'COMMANDS_NOT_A_COMMAND'],
    ['number first', 20, A.num(1), 'COMMANDS_NOT_A_COMMAND'],
    ['type 17 without 0x00', 17, A.str('play'), 'COMMANDS_BAD_FORMAT_BYTE'],
    ['truncated string', 20, '020010616263', 'COMMANDS_MALFORMED_AMF'],
    ['unknown marker', 20, `${A.str('x')}ff`, 'COMMANDS_MALFORMED_AMF'],
    ['string txn', 20, A.str('play') + A.str('1'), 'COMMANDS_INVALID_ARGUMENT'],
    ['play without name', 20, A.str('play') + A.num(1) + A.null, 'COMMANDS_INVALID_ARGUMENT'],
    [
      'play with string start',
      20,
      A.str('play') + A.num(1) + A.null + A.str('s') + A.str('0'),
      'COMMANDS_INVALID_ARGUMENT',
    ],
    ['seek without position', 20, A.str('seek') + A.num(1) + A.null, 'COMMANDS_INVALID_ARGUMENT'],
    [
      'onStatus without code',
      20,
      A.str('onStatus') + A.num(0) + A.null + A.obj([['level', A.str('status')]]),
      'COMMANDS_INVALID_ARGUMENT',
    ],
    [
      'onStatus with a number',
      20,
      A.str('onStatus') + A.num(0) + A.null + A.num(1),
      'COMMANDS_INVALID_ARGUMENT',
    ],
    ['play2 without options', 20, A.str('play2') + A.num(0) + A.null, 'COMMANDS_INVALID_ARGUMENT'],
  ];
  for (const [label, typeId, body, code] of errors) {
    it(`${label} → ${code}`, () => {
      expect(() => decodeCommand({ typeId, payload: fromHex(body) })).toThrowError(
        expect.objectContaining({ code }),
      );
    });
  }

  it('keeps the AMF error as cause', () => {
    try {
      decodeCommand({ typeId: 20, payload: fromHex('020010616263') });
      expect.unreachable();
    } catch (e) {
      expect(RtmpError.is(e) && RtmpError.is(e.cause) && e.cause.code).toBe('AMF0_TRUNCATED');
    }
  });

  it('enforces maxMessageSize', () => {
    expect(() =>
      decodeCommand({ typeId: 20, payload: fromHex(A.str('abcdef')) }, { maxMessageSize: 4 }),
    ).toThrowError(expect.objectContaining({ code: 'COMMANDS_MESSAGE_TOO_LARGE' }));
  });
});

describe('every prefix of every captured message', () => {
  it('either decodes or throws a typed COMMANDS_* error', () => {
    let decoded = 0;
    let rejected = 0;
    for (const m of captured) {
      const full = fromHex(m.hex);
      for (let cut = 0; cut <= full.length; cut++) {
        const input = { typeId: m.typeId, payload: full.subarray(0, cut) };
        try {
          if (m.typeId === 18 || m.typeId === 15) decodeDataMessage(input);
          else decodeCommand(input);
          decoded++;
        } catch (e) {
          expect(RtmpError.is(e) && e.code.startsWith('COMMANDS_')).toBe(true);
          rejected++;
        }
      }
    }
    expect(decoded).toBeGreaterThan(captured.length);
    expect(rejected).toBeGreaterThan(1000);
  });
});
