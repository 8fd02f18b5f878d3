// `rtmp info URL` against nginx-rtmp vod: the connect reply, onMetaData, codecs and first
// timestamps, as text and as JSON, checked against ffprobe and an independent FLV tag lister.
import { describeWithPeers, flvTags, type NginxPeer, run, startNginx, testMedia } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rtmp } from './support/cli.js';

interface Probe {
  format: { duration: string };
  streams: Array<{ codec_type: string; codec_name: string; width?: number; sample_rate?: string }>;
}

describeWithPeers(['nginx', 'ffmpeg', 'ffprobe'], 'rtmp info (nginx-rtmp vod)', () => {
  let nginx: NginxPeer;
  let small = '';
  let audioOnly = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    audioOnly = media.audioOnly;
    nginx = await startNginx({ mediaDir: media.dir });
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  async function probe(path: string): Promise<Probe> {
    const result = await run('ffprobe', [
      '-v',
      'error',
      '-show_format',
      '-show_streams',
      '-of',
      'json',
      path,
    ]);
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Probe;
  }

  it('--json: connect reply, metadata, codecs and first timestamps match the file', async () => {
    const result = await rtmp(['info', `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`, '--json']);
    expect(result.code).toBe(0);
    const info = JSON.parse(result.stdout) as {
      connect: { status: string; properties: Record<string, unknown> };
      metadata: Record<string, unknown>;
      audio: { codec: string; firstTimestamp: number };
      video: { codec: string; firstTimestamp: number; firstKeyframeTimestamp: number };
      statuses: string[];
    };
    const probed = await probe(small);
    const tags = flvTags(small).tags;
    expect(info.connect.status).toBe('NetConnection.Connect.Success');
    // nginx-rtmp's connect _result properties (ngx_rtmp_cmd_module.c).
    expect(info.connect.properties).toEqual({ fmsVer: 'FMS/3,0,1,123', capabilities: 31 });
    expect(info.metadata.duration).toBeCloseTo(Number(probed.format.duration), 2);
    expect(info.metadata.width).toBe(probed.streams.find((s) => s.codec_type === 'video')?.width);
    expect(info.metadata.audiosamplerate).toBe(
      Number(probed.streams.find((s) => s.codec_type === 'audio')?.sample_rate),
    );
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(
      [info.audio.codec, info.video.codec].sort(),
    );
    expect(info.audio.firstTimestamp).toBe(tags.find((t) => t.type === 8)!.timestamp);
    expect(info.video.firstTimestamp).toBe(tags.find((t) => t.type === 9)!.timestamp);
    expect(info.video.firstKeyframeTimestamp).toBe(0);
    expect(info.statuses).toContain('NetStream.Play.Start');
  });

  it('text: one line per item, an audio-only stream says "video: none seen"', async () => {
    const av = await rtmp(['info', `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/small.flv`]);
    expect(av.code).toBe(0);
    expect(av.stdout).toMatch(/^connect: {3}NetConnection\.Connect\.Success \(Connection succeeded\.\)$/m);
    expect(av.stdout).toMatch(/^ {2}duration: 10\.0\d+$/m);
    expect(av.stdout).toMatch(/^audio: {5}aac, first timestamp 0 ms$/m);
    expect(av.stdout).toMatch(/^video: {5}h264, first timestamp 0 ms, first keyframe 0 ms$/m);
    const audio = await rtmp(['info', '-r', `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/audio-only.flv`]);
    expect(audio.code).toBe(0);
    const probed = await probe(audioOnly);
    expect(probed.streams.map((s) => s.codec_name)).toEqual(['mp3']);
    expect(audio.stdout).toMatch(/^audio: {5}mp3, first timestamp 0 ms$/m);
    expect(audio.stdout).toMatch(/^video: {5}none seen$/m);
  });

  it('a missing stream fails with the server status in one line (exit 1); no server: exit 3', async () => {
    const missing = await rtmp(['info', `rtmp://127.0.0.1:${nginx.rtmpPort}/vod/missing.flv`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^rtmp: error: NetStream\.Play\.StreamNotFound.*\[CLIENT_PLAY_FAILED\]$/m);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const refused = await rtmp(['info', 'rtmp://127.0.0.1:1/vod/x']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
  });
});
