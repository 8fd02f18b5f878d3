/**
 * tshark as an independent check of our bytes: every builder's output is sent over a loopback
 * TCP connection (a plain RTMP handshake, then one fmt-0 chunk per message), captured with
 * `tshark -i lo`, and dissected by Wireshark's RTMP/AMF dissector; the command names, strings,
 * numbers and booleans it reports must be the ones we meant to send, and nothing is malformed.
 */
import { createServer, type Server } from 'node:net';
import {
  commandTypeId,
  connectParamsFor,
  encodeCheckBandwidth,
  encodeCloseStream,
  encodeConnect,
  encodeCreateStream,
  encodeDeleteStream,
  encodeFCPublish,
  encodeOnStatus,
  encodePause,
  encodePlay,
  encodePlay2,
  encodePublish,
  encodeReceiveAudio,
  encodeReleaseStream,
  encodeResult,
  encodeSeek,
  encodeSetDataFrame,
  parseConnArgs,
} from '@rtmp/commands';
import { describeWithPeers, dissectFields, malformedFrames, startCapture } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { wireConnect } from './rtmp-wire.js';

interface Sent {
  label: string;
  csid: number;
  typeId: number;
  streamId: number;
  payload: Uint8Array;
  strings: string[];
  numbers: number[];
  booleans: boolean[];
}

const sent: Sent[] = [
  {
    label: 'connect',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeConnect(
      connectParamsFor({ app: 'vod', tcUrl: 'rtmp://127.0.0.1/vod', mode: 'play', pageUrl: 'http://p/' }),
      { auth: 'tok', args: parseConnArgs(['S:extra', 'O:1', 'NN:n:7', 'O:0']) },
    ),
    // amf.string also lists property names, in order
    strings: [
      'connect',
      'app',
      'vod',
      'flashVer',
      'LNX 10,0,32,18',
      'tcUrl',
      'rtmp://127.0.0.1/vod',
      'fpad',
      'capabilities',
      'audioCodecs',
      'videoCodecs',
      'videoFunction',
      'pageUrl',
      'http://p/',
      'tok',
      'extra',
      'n',
    ],
    numbers: [1, 15, 3191, 252, 1, 7],
    booleans: [false, true],
  },
  {
    label: 'createStream',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeCreateStream(2),
    strings: ['createStream'],
    numbers: [2],
    booleans: [],
  },
  {
    label: 'play',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodePlay(3, { streamName: 'mp4:a.mp4', start: -2000, duration: -1, reset: true }),
    strings: ['play', 'mp4:a.mp4'],
    numbers: [3, -2000, -1],
    booleans: [true],
  },
  {
    label: 'pause',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodePause(4, true, 1234),
    strings: ['pause'],
    numbers: [4, 1234],
    booleans: [true],
  },
  {
    label: 'seek',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodeSeek(5, 9000),
    strings: ['seek'],
    numbers: [5, 9000],
    booleans: [],
  },
  {
    label: 'receiveAudio',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodeReceiveAudio(false),
    strings: ['receiveAudio'],
    numbers: [0],
    booleans: [false],
  },
  {
    label: 'play2',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodePlay2({ streamName: 'hi', oldStreamName: 'lo', transition: 'switch' }),
    strings: ['play2', 'streamName', 'hi', 'oldStreamName', 'lo', 'transition', 'switch'],
    numbers: [0],
    booleans: [],
  },
  {
    label: 'closeStream',
    csid: 8,
    typeId: 20,
    streamId: 1,
    payload: encodeCloseStream(),
    strings: ['closeStream'],
    numbers: [0],
    booleans: [],
  },
  {
    label: 'deleteStream',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeDeleteStream(6, 1),
    strings: ['deleteStream'],
    numbers: [6, 1],
    booleans: [],
  },
  {
    label: 'releaseStream',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeReleaseStream(7, 'pub'),
    strings: ['releaseStream', 'pub'],
    numbers: [7],
    booleans: [],
  },
  {
    label: 'FCPublish',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeFCPublish(8, 'pub'),
    strings: ['FCPublish', 'pub'],
    numbers: [8],
    booleans: [],
  },
  {
    label: 'publish',
    csid: 4,
    typeId: 20,
    streamId: 1,
    payload: encodePublish(9, 'pub', 'record'),
    strings: ['publish', 'pub', 'record'],
    numbers: [9],
    booleans: [],
  },
  {
    label: '_checkbw',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeCheckBandwidth(10),
    strings: ['_checkbw'],
    numbers: [10],
    booleans: [],
  },
  {
    label: '_result',
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeResult(
      11,
      { fmsVer: 'FMS/3,0,1,123' },
      { level: 'status', code: 'NetConnection.Connect.Success' },
    ),
    strings: [
      '_result',
      'fmsVer',
      'FMS/3,0,1,123',
      'level',
      'status',
      'code',
      'NetConnection.Connect.Success',
    ],
    numbers: [11],
    booleans: [],
  },
  {
    label: 'onStatus',
    csid: 5,
    typeId: 20,
    streamId: 1,
    payload: encodeOnStatus({ level: 'status', code: 'NetStream.Play.Start', description: 'go' }),
    strings: ['onStatus', 'level', 'status', 'code', 'NetStream.Play.Start', 'description', 'go'],
    numbers: [0],
    booleans: [],
  },
  {
    label: '@setDataFrame',
    csid: 4,
    typeId: 18,
    streamId: 1,
    payload: encodeSetDataFrame({ width: 640, stereo: true, encoder: 'rtmp-ts' }),
    strings: ['@setDataFrame', 'onMetaData', 'width', 'stereo', 'encoder', 'rtmp-ts'],
    numbers: [640],
    booleans: [true],
  },
  {
    label: 'createStream as type 17',
    csid: 3,
    typeId: commandTypeId({ amf3: true }),
    streamId: 0,
    payload: encodeCreateStream(12, { amf3: true }),
    strings: ['createStream'],
    numbers: [12],
    booleans: [],
  },
];

describeWithPeers(['tshark'], 'tshark dissects our commands as we meant them', () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      let got = 0;
      socket.on('data', (data) => {
        const before = got;
        got += data.length;
        if (before < 1537 && got >= 1537) {
          const s1 = Buffer.alloc(1536, 0x5a);
          s1.fill(0, 0, 8);
          socket.write(Buffer.concat([Buffer.from([3]), s1, Buffer.alloc(1536, 0x33)]));
        }
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as import('node:net').AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('names, strings, numbers and booleans match, nothing malformed', async () => {
    const capture = await startCapture([port]);
    const client = await wireConnect(port);
    for (const m of sent) {
      await client.send(m);
      await new Promise((r) => setTimeout(r, 15)); // one message per TCP segment
    }
    await new Promise((r) => setTimeout(r, 100));
    client.close();
    const pcap = await capture.stop();

    const rows = await dissectFields(
      pcap,
      [port],
      [
        'tcp.srcport',
        'rtmpt.header.typeid',
        'rtmpt.header.csid',
        'rtmpt.header.streamid',
        'amf.string',
        'amf.number',
        'amf.boolean',
      ],
    );
    const commands = rows.filter(
      (r) => r[0] !== String(port) && ['0x14', '0x11', '0x12'].some((t) => r[1]?.split('|').includes(t)),
    );
    expect(commands).toHaveLength(sent.length);
    commands.forEach((row, i) => {
      const m = sent[i]!;
      const typeIds = row[1]!.split('|');
      expect(typeIds[typeIds.length - 1], m.label).toBe(`0x${m.typeId.toString(16).padStart(2, '0')}`);
      expect(row[2]!.split('|').pop(), m.label).toBe(String(m.csid));
      expect(row[3]!.split('|').pop(), m.label).toBe(String(m.streamId));
      expect(row[4] ? row[4].split('|') : [], m.label).toEqual(m.strings);
      expect(row[5] ? row[5].split('|').map(Number) : [], m.label).toEqual(m.numbers);
      const booleans = row[6] ? row[6].split('|').map((b) => b === 'True' || b === '1') : [];
      expect(booleans, m.label).toEqual(m.booleans);
    });
    expect(await malformedFrames(pcap, [port])).toEqual([]);
  });
});
