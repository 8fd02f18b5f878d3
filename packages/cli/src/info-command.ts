/**
 * `rtmp info URL`: connects, plays briefly and reports what the server said — the connect
 * reply, onMetaData, the codecs and the first timestamps — as text or JSON.
 */
import { type ConnectOptions, connect } from '@rtmp/client';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatError } from './format-error.js';
import type { Logger } from './logger.js';

/** What `rtmp info` found. */
export interface StreamInfo {
  url: string;
  connect: {
    status: string | undefined;
    description: string | undefined;
    properties: Record<string, unknown>;
  };
  metadata: Record<string, unknown> | undefined;
  audio: { codec: string; firstTimestamp: number } | undefined;
  video: { codec: string; firstTimestamp: number; firstKeyframeTimestamp: number | undefined } | undefined;
  statuses: string[];
}

const SOUND_FORMATS: Record<number, string> = {
  0: 'pcm',
  1: 'adpcm',
  2: 'mp3',
  3: 'pcm-le',
  4: 'nellymoser-16k',
  5: 'nellymoser-8k',
  6: 'nellymoser',
  7: 'g711a',
  8: 'g711u',
  10: 'aac',
  11: 'speex',
  14: 'mp3-8k',
};
const VIDEO_CODECS: Record<number, string> = {
  2: 'sorenson-h263',
  3: 'screen',
  4: 'vp6',
  5: 'vp6-alpha',
  6: 'screen2',
  7: 'h264',
  12: 'hevc',
};

/** Gathers the information (waits at most `timeoutMs` for media). Never throws. */
export async function runInfo(
  url: string,
  options: ConnectOptions,
  logger: Logger,
  timeoutMs = 5000,
): Promise<{ exitCode: ExitCodeValue; info?: StreamInfo }> {
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(url, options);
  } catch (error) {
    logger.error(formatError(error));
    return { exitCode: ExitCode.NoConnect };
  }
  const reply = connection.connectInfo;
  const info: StreamInfo = {
    url,
    connect: {
      status: reply?.status?.code,
      description: reply?.status?.description,
      properties: { ...(reply?.properties ?? {}) },
    },
    metadata: undefined,
    audio: undefined,
    video: undefined,
    statuses: [],
  };
  try {
    const play = await connection.play();
    const timer = setTimeout(() => play.close(), timeoutMs);
    for await (const event of play) {
      if (event.type === 'status') info.statuses.push(event.status.code);
      else if (event.type === 'metadata') info.metadata = { ...event.metadata };
      else if (event.type === 'audio' && !info.audio) {
        const format = event.info.soundFormat;
        info.audio = {
          codec: event.info.fourCc ?? SOUND_FORMATS[format] ?? `format ${format}`,
          firstTimestamp: event.timestamp,
        };
      } else if (event.type === 'video') {
        if (!info.video)
          info.video = {
            codec:
              event.info.fourCc ?? VIDEO_CODECS[event.info.codecId ?? -1] ?? `codec ${event.info.codecId}`,
            firstTimestamp: event.timestamp,
            firstKeyframeTimestamp: undefined,
          };
        if (event.info.keyframe && info.video.firstKeyframeTimestamp === undefined)
          info.video.firstKeyframeTimestamp = event.timestamp;
      }
      const audioDone =
        info.audio !== undefined || (info.metadata !== undefined && info.metadata.audiocodecid === undefined);
      const videoDone =
        info.video?.firstKeyframeTimestamp !== undefined ||
        (info.metadata !== undefined && info.metadata.videocodecid === undefined);
      if (info.metadata && audioDone && videoDone) break;
    }
    clearTimeout(timer);
  } catch (error) {
    logger.error(formatError(error));
    await connection.close().catch(() => undefined);
    return { exitCode: ExitCode.Failed, info };
  }
  await connection.close().catch(() => undefined);
  return { exitCode: ExitCode.Success, info };
}

/** The information as text for people. */
export function formatInfo(info: StreamInfo): string {
  const lines = [
    `URL:       ${info.url}`,
    `connect:   ${info.connect.status ?? '?'}${info.connect.description ? ` (${info.connect.description})` : ''}`,
  ];
  for (const [k, v] of Object.entries(info.connect.properties)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  if (info.metadata) {
    lines.push('metadata:');
    for (const [k, v] of Object.entries(info.metadata))
      lines.push(`  ${k}: ${k === 'keyframes' ? '{…}' : JSON.stringify(v)}`);
  }
  lines.push(
    `audio:     ${info.audio ? `${info.audio.codec}, first timestamp ${info.audio.firstTimestamp} ms` : 'none seen'}`,
  );
  lines.push(
    `video:     ${info.video ? `${info.video.codec}, first timestamp ${info.video.firstTimestamp} ms, first keyframe ${info.video.firstKeyframeTimestamp ?? '?'} ms` : 'none seen'}`,
  );
  if (info.statuses.length > 0) lines.push(`status:    ${info.statuses.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
