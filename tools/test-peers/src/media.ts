/**
 * Test media made with ffmpeg's lavfi sources (no downloads), cached between runs in
 * `$RTMP_TEST_MEDIA` or `<tmpdir>/rtmp-test-media-v1`. Generation is safe to run from several
 * test workers at once: each file is written under a temporary name and renamed into place.
 */
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './run.js';

const BITEXACT = ['-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'];
const FFMPEG = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'];

/** Paths of the generated media files. */
export interface TestMedia {
  /** The directory holding every file (serve it as nginx's vod root). */
  dir: string;
  /** 10 s 640x360 30 fps H.264 + AAC-LC 44.1 kHz stereo, keyframe index in onMetaData (~1 MB). */
  small: string;
  /** 30 s MP3-only FLV. */
  audioOnly: string;
  /** `seconds` of 1280x720 30 fps high-bitrate H.264 + AAC (`big-<seconds>.flv`, ~2.5 MB/s). */
  bigPath(seconds: number): Promise<string>;
}

/** The cache directory for generated media. */
export function mediaDir(): string {
  return process.env.RTMP_TEST_MEDIA ?? join(tmpdir(), 'rtmp-test-media-v1');
}

async function make(path: string, args: string[]): Promise<string> {
  if (existsSync(path) && statSync(path).size > 0) return path;
  const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.part.flv`;
  const result = await run('ffmpeg', [...FFMPEG, ...args, partial], { timeoutMs: 300_000 });
  if (result.code !== 0) throw new Error(`ffmpeg failed making ${path}: ${result.stderr}`);
  renameSync(partial, path);
  return path;
}

function avArgs(seconds: number, size: string, video: string[], audioRate: number): string[] {
  return [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${size}:rate=30`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=440:sample_rate=${audioRate},aformat=channel_layouts=stereo`,
    '-t',
    String(seconds),
    ...video,
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    ...BITEXACT,
    '-flvflags',
    'add_keyframe_index',
    '-f',
    'flv',
  ];
}

/** Generates (once) and returns the test media. Needs ffmpeg. */
export async function testMedia(): Promise<TestMedia> {
  const dir = mediaDir();
  mkdirSync(dir, { recursive: true });
  const small = await make(
    join(dir, 'small.flv'),
    avArgs(10, '640x360', ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '60'], 44100),
  );
  const audioOnly = await make(join(dir, 'audio-only.flv'), [
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=660:sample_rate=44100,aformat=channel_layouts=stereo',
    '-t',
    '30',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '128k',
    ...BITEXACT,
    '-f',
    'flv',
  ]);
  return {
    dir,
    small,
    audioOnly,
    bigPath: (seconds: number) =>
      make(
        join(dir, `big-${seconds}.flv`),
        avArgs(
          seconds,
          '1280x720',
          ['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '8', '-g', '60'],
          48000,
        ),
      ),
  };
}
