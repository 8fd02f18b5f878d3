// MessageLayer's protocol-control rules (RTMP spec 5.4) and the media classifiers (FLV spec E.4).

import { ChunkDecoder, encodeProtocolControl } from '@rtmp/chunk';
import { classifyAudio, classifyVideo, MessageLayer } from '@rtmp/session';
import { describe, expect, it } from 'vitest';

const decodeAll = (bytes: Uint8Array | undefined) => (bytes ? new ChunkDecoder().push(bytes) : []);

describe('MessageLayer', () => {
  it('answers Set Peer Bandwidth with Window Ack Size only when the window changes (spec 5.4.5)', () => {
    const layer = new MessageLayer();
    const first = layer.handleControl(
      encodeProtocolControl({ type: 'setPeerBandwidth', windowSize: 5_000_000, limitType: 0 }),
    );
    expect(first.observation).toEqual({ type: 'peer-bandwidth', size: 5_000_000, limitType: 0 });
    const reply = decodeAll(first.reply);
    expect(reply.map((m) => [m.typeId, Array.from(m.payload)])).toEqual([[5, [0x00, 0x4c, 0x4b, 0x40]]]);
    // Same window again: nothing to say.
    expect(
      layer.handleControl(
        encodeProtocolControl({ type: 'setPeerBandwidth', windowSize: 5_000_000, limitType: 1 }),
      ).reply,
    ).toBeUndefined();
    // Dynamic after a soft limit is ignored; zero is never echoed.
    expect(
      layer.handleControl(
        encodeProtocolControl({ type: 'setPeerBandwidth', windowSize: 1_000, limitType: 2 }),
      ).reply,
    ).toBeUndefined();
    expect(
      layer.handleControl(encodeProtocolControl({ type: 'setPeerBandwidth', windowSize: 0, limitType: 0 }))
        .reply,
    ).toBeUndefined();
  });

  it('acknowledges once per peer window with the running byte count', () => {
    const layer = new MessageLayer();
    layer.handleControl(encodeProtocolControl({ type: 'windowAckSize', windowSize: 1000 }));
    expect(layer.takeAcknowledgement()).toBeUndefined();
    // 600 bytes of a (never completed) message: header announces 2000 bytes on csid 5.
    const header = Uint8Array.from([0x05, 0, 0, 0, 0, 0x07, 0xd0, 9, 1, 0, 0, 0]);
    layer.receive(header, () => {});
    layer.receive(new Uint8Array(116), () => {});
    expect(layer.takeAcknowledgement()).toBeUndefined();
    layer.receive(new Uint8Array(900), () => {});
    const ack = decodeAll(layer.takeAcknowledgement());
    expect(ack[0]?.typeId).toBe(3);
    expect(new DataView(ack[0]!.payload.buffer, ack[0]!.payload.byteOffset).getUint32(0)).toBe(
      12 + 116 + 900,
    );
    expect(layer.takeAcknowledgement()).toBeUndefined();
  });

  it('switches the outgoing chunk size after sending Set Chunk Size with the old one', () => {
    const layer = new MessageLayer();
    const bytes = layer.sendControl({ type: 'setChunkSize', chunkSize: 4096 });
    expect(bytes.length).toBe(12 + 4);
    expect(layer.encoder.chunkSize).toBe(4096);
  });
});

describe('media classifiers', () => {
  it('reads legacy AVC and AAC headers', () => {
    expect(classifyVideo(Uint8Array.from([0x17, 0x00, 0, 0, 0]))).toMatchObject({
      keyframe: true,
      codecId: 7,
      sequenceHeader: true,
      endOfSequence: false,
    });
    expect(classifyVideo(Uint8Array.from([0x27, 0x01, 0, 0, 0]))).toMatchObject({
      keyframe: false,
      frameType: 2,
      codecId: 7,
      sequenceHeader: false,
    });
    expect(classifyVideo(Uint8Array.from([0x17, 0x02, 0, 0, 0]))).toMatchObject({ endOfSequence: true });
    expect(classifyAudio(Uint8Array.from([0xaf, 0x00, 0x12, 0x10]))).toEqual({
      soundFormat: 10,
      fourCc: undefined,
      sequenceHeader: true,
    });
    expect(classifyAudio(Uint8Array.from([0x2f, 0xff]))).toEqual({
      soundFormat: 2,
      fourCc: undefined,
      sequenceHeader: false,
    });
  });

  it('reads Enhanced RTMP headers (IsExHeader, FourCC)', () => {
    // 0x90 = ExHeader | keyframe(1) << 4 | PacketType 0 (SequenceStart), then 'hvc1'.
    expect(classifyVideo(Uint8Array.from([0x90, 0x68, 0x76, 0x63, 0x31]))).toMatchObject({
      keyframe: true,
      fourCc: 'hvc1',
      sequenceHeader: true,
      codecId: undefined,
    });
    expect(classifyVideo(Uint8Array.from([0xa1, 0x61, 0x76, 0x30, 0x31]))).toMatchObject({
      keyframe: false,
      frameType: 2,
      fourCc: 'av01',
      sequenceHeader: false,
    });
    expect(classifyAudio(Uint8Array.from([0x90, 0x4f, 0x70, 0x75, 0x73]))).toEqual({
      soundFormat: 9,
      fourCc: 'Opus',
      sequenceHeader: true,
    });
  });

  it('tolerates empty bodies', () => {
    expect(classifyVideo(new Uint8Array(0)).frameType).toBe(0);
    expect(classifyAudio(new Uint8Array(0)).soundFormat).toBe(-1);
  });
});
