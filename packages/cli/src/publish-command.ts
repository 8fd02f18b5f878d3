/**
 * `rtmp publish FILE.flv URL [--realtime] [--loop]`: publishes an FLV file, as
 * `ffmpeg [-re] -i FILE.flv -c copy -f flv URL` does (protocol.md §5.4 "Publish").
 */
import { stat } from 'node:fs/promises';
import { connect } from '@rtmp/client';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { formatError } from './format-error.js';
import type { Logger } from './logger.js';
import { Progress, type ProgressMode } from './progress.js';
import { readFileChunks } from './read-file-chunks.js';

/**
 * File read size: 1 MiB reads cut the CPU of an unpaced publish by a third against 64 KiB ones
 * (fewer reads, and fewer tags straddling two reads that the demuxer must copy together). Every
 * read goes into the same buffer (publishFlv is done with a chunk before it pulls the next).
 */
const READ_CHUNK = 1 << 20;

/** What `rtmp publish` needs. */
export interface PublishConfig {
  file: string;
  url: string;
  realtime: boolean;
  /** Publish the file again and again (timestamps continue), until stopped. */
  loop: boolean;
  /** `live` (default), `record` or `append`. */
  type: 'live' | 'record' | 'append';
  logger: Logger;
  progress: ProgressMode;
  signal?: AbortSignal | undefined;
}

/** The outcome of a publish. */
export interface PublishResult {
  exitCode: ExitCodeValue;
  tags: number;
  bytes: number;
  lastTimestampMs: number;
}

/** Publishes; never throws (errors become exit codes and a logged line). */
export async function runPublish(config: PublishConfig): Promise<PublishResult> {
  const { logger } = config;
  const result: PublishResult = { exitCode: ExitCode.Failed, tags: 0, bytes: 0, lastTimestampMs: 0 };
  let size: number;
  try {
    size = (await stat(config.file)).size;
  } catch (error) {
    logger.error(formatError(error));
    return result;
  }
  let connection: Awaited<ReturnType<typeof connect>>;
  try {
    connection = await connect(config.url, {
      publish: true,
      ...(config.signal ? { signal: config.signal } : {}),
    });
  } catch (error) {
    logger.error(formatError(error));
    result.exitCode = ExitCode.NoConnect;
    return result;
  }
  const progress = new Progress(config.progress, logger, 'publish');
  try {
    const stream = await connection.publish(undefined, { type: config.type });
    logger.event('publishing', { stream: stream.name, streamId: stream.streamId });
    let offset = 0;
    let pass = 0;
    do {
      const last = await stream.publishFlv(readFileChunks(config.file, READ_CHUNK), {
        realtime: config.realtime,
        timestampOffset: offset,
        ...(config.signal ? { signal: config.signal } : {}),
        onTag: (tag) => {
          result.lastTimestampMs = tag.timestamp;
          progress.update({ bytes: stream.stats.bytes, timestampMs: tag.timestamp, durationS: 0 });
        },
      });
      pass++;
      offset = last + 40;
      logger.verbose(`pass ${pass} done (${(size / 1024).toFixed(0)} kB, last timestamp ${last} ms)`);
    } while (config.loop && !config.signal?.aborted);
    result.tags = stream.stats.tags;
    result.bytes = stream.stats.bytes;
    await stream.end();
    await connection.close();
    progress.stop();
    result.exitCode = ExitCode.Success;
    logger.info(
      `Published ${result.tags} tags (${(result.bytes / 1024).toFixed(1)} kB, ${(result.lastTimestampMs / 1000).toFixed(3)} s)`,
    );
  } catch (error) {
    progress.stop();
    connection.destroy();
    if (config.signal?.aborted) {
      result.exitCode = ExitCode.Success;
      logger.info('publishing stopped');
    } else {
      logger.error(formatError(error));
      result.exitCode = ExitCode.Failed;
    }
  }
  logger.event('done', {
    exitCode: result.exitCode,
    tags: result.tags,
    bytes: result.bytes,
    lastTimestampMs: result.lastTimestampMs,
  });
  return result;
}
