/**
 * nginx-rtmp accepts what our builders write and our decoders read what it answers: full play
 * and publish flows (protocol.md §5.4) over a plain RTMP connection (test/rtmp-wire.ts framing),
 * with publisher metadata sent through `@setDataFrame` arriving at a second client as
 * `onMetaData`. The client → server bytes are captured and checked by tshark as well.
 */
import {
  connectParamsFor,
  decodeCommand,
  decodeDataMessage,
  encodeConnect,
  encodeCreateStream,
  encodeDeleteStream,
  encodeFCPublish,
  encodeFCUnpublish,
  encodePlay,
  encodePublish,
  encodeReleaseStream,
  encodeSetDataFrame,
  PlayStart,
  parseConnArgs,
  statusOutcome,
  TransactionTable,
} from '@rtmp/commands';
import {
  describeWithPeers,
  malformedFrames,
  type NginxPeer,
  startCapture,
  startNginx,
  testMedia,
} from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type WireClient, wireConnect } from './rtmp-wire.js';

const isCommand = (m: { typeId: number }) => m.typeId === 20 || m.typeId === 17;

async function connectApp(
  port: number,
  app: string,
  mode: 'play' | 'publish',
  table: TransactionTable<string>,
) {
  const client = await wireConnect(port);
  const params = connectParamsFor({ app, tcUrl: `rtmp://127.0.0.1:${port}/${app}`, mode });
  const txn = table.allocate('connect', app);
  await client.send({
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeConnect(params, {
      transactionId: txn,
      args: parseConnArgs(['S:hello', 'O:1', 'NB:x:1', 'O:0']),
    }),
  });
  const answer = decodeCommand(await client.waitFor(isCommand));
  if (answer.kind !== 'result') throw new Error(`connect answered by ${answer.kind}`);
  expect(table.match(answer.transactionId)?.name).toBe('connect');
  expect(answer.status?.code).toBe('NetConnection.Connect.Success');
  expect(statusOutcome(answer.status!.code)).toBe('success');
  return client;
}

async function createStream(client: WireClient, table: TransactionTable<string>): Promise<number> {
  await client.send({
    csid: 3,
    typeId: 20,
    streamId: 0,
    payload: encodeCreateStream(table.allocate('createStream', '')),
  });
  const answer = decodeCommand(await client.waitFor(isCommand));
  if (answer.kind !== 'result' || typeof answer.info !== 'number')
    throw new Error(`createStream: ${answer.kind}`);
  expect(table.match(answer.transactionId)?.name).toBe('createStream');
  return answer.info;
}

async function nextStatus(client: WireClient) {
  for (;;) {
    const d = decodeCommand(await client.waitFor(isCommand));
    if (d.kind === 'onStatus') return d.status;
  }
}

describeWithPeers(['nginx', 'ffmpeg', 'tshark'], 'commands against nginx-rtmp', () => {
  let nginx: NginxPeer;

  beforeAll(async () => {
    const media = await testMedia();
    nginx = await startNginx({ mediaDir: media.dir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  it('plays a vod file: connect, createStream, play → Play.Start, |RtmpSampleAccess, onMetaData', async () => {
    const capture = await startCapture([nginx.rtmpPort]);
    const table = new TransactionTable<string>();
    const client = await connectApp(nginx.rtmpPort, 'vod', 'play', table);
    const streamId = await createStream(client, table);
    table.allocate('play', 'small');
    await client.send({
      csid: 8,
      typeId: 20,
      streamId,
      payload: encodePlay(table.nextId - 1, { streamName: 'small', start: PlayStart.Recorded }),
    });
    const status = await nextStatus(client);
    expect(status.code).toMatch(/^NetStream\.Play\.(Start|Reset)$/);
    expect(table.takeByName('play')?.context).toBe('small');
    const data = await client.waitFor((m) => m.typeId === 18 && decodeDataMessage(m).kind === 'onMetaData');
    const meta = decodeDataMessage(data);
    expect(meta.kind === 'onMetaData' && meta.metadata).toMatchObject({ width: 640, height: 360 });
    await client.send({
      csid: 3,
      typeId: 20,
      streamId: 0,
      payload: encodeDeleteStream(table.allocate('deleteStream', ''), streamId),
    });
    client.close();
    const pcap = await capture.stop();
    expect(await malformedFrames(pcap, [nginx.rtmpPort])).toEqual([]);
  });

  it('publishes with @setDataFrame; a player receives the metadata as onMetaData', async () => {
    const pubTable = new TransactionTable<string>();
    const publisher = await connectApp(nginx.rtmpPort, 'live', 'publish', pubTable);
    const send = (payload: Uint8Array, streamId = 0, csid = 3, typeId = 20) =>
      publisher.send({ csid, typeId, streamId, payload });
    await send(encodeReleaseStream(pubTable.allocate('releaseStream', ''), 'cmdtest'));
    await send(encodeFCPublish(pubTable.allocate('FCPublish', ''), 'cmdtest'));
    const streamId = await createStream(publisher, pubTable);
    await send(encodePublish(pubTable.allocate('publish', ''), 'cmdtest', 'live'), streamId, 4);
    const published = await nextStatus(publisher);
    expect([published.level, published.code]).toEqual(['status', 'NetStream.Publish.Start']);
    const metadata = { width: 320, height: 240, framerate: 25, encoder: '@rtmp/commands test' };
    await send(encodeSetDataFrame(metadata), streamId, 4, 18);

    const playTable = new TransactionTable<string>();
    const player = await connectApp(nginx.rtmpPort, 'live', 'play', playTable);
    const playStream = await createStream(player, playTable);
    await player.send({
      csid: 8,
      typeId: 20,
      streamId: playStream,
      payload: encodePlay(playTable.allocate('play', ''), { streamName: 'cmdtest', start: PlayStart.Live }),
    });
    const started = await nextStatus(player);
    expect(started.code).toMatch(/^NetStream\.Play\.(Start|Reset)$/);
    // nginx-rtmp live hands the stored metadata to a player with the first media message.
    const mp3 = new Uint8Array([0x2f, 0xff, 0xfb, 0x90, 0x64, ...new Array(64).fill(0)]);
    await send(mp3, streamId, 4, 8);
    const got = await player.waitFor((m) => m.typeId === 18 && decodeDataMessage(m).kind === 'onMetaData');
    const decoded = decodeDataMessage(got);
    // nginx-rtmp rebuilds onMetaData from what it understood (adds duration, codec ids, …)
    expect(decoded.kind === 'onMetaData' && decoded.metadata).toMatchObject({
      width: 320,
      height: 240,
      framerate: 25,
    });
    player.close();

    await send(encodeFCUnpublish(pubTable.allocate('FCUnpublish', ''), 'cmdtest'));
    await send(encodeDeleteStream(pubTable.allocate('deleteStream', ''), streamId));
    publisher.close();
  });
});
