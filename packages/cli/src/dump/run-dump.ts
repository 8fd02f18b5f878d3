/**
 * `rtmp dump`: rtmpdump's main loop (rtmpdump.c `Download`) on @rtmp/client — connect, play,
 * write FLV as rtmpdump writes it, resume, stop, progress, and rtmpdump's exit codes.
 */
import { type ConnectOptions, connect, type PlayOptions, type RtmpConnection } from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { FlvMuxer } from '@rtmp/flv';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { formatError } from '../format-error.js';
import type { Logger } from '../logger.js';
import { Progress, type ProgressMode } from '../progress.js';
import { type FlvSink, openFileSink, stdoutSink } from './flv-sink.js';
import { planResume, type ResumePlan, ResumeUnavailable } from './resume.js';

/** Everything `rtmp dump` needs, after option parsing. */
export interface DumpConfig {
  url: string;
  connect: ConnectOptions;
  /** Output path, or '-' for stdout. */
  output: string;
  resume: boolean;
  skipKeyframes: number;
  /** Stop at this media timestamp, ms (rtmpdump -B, given in seconds there). */
  stopMs: number | undefined;
  progress: ProgressMode;
  logger: Logger;
  /** Stops the download (Ctrl-C): the result is "incomplete", the file stays valid. */
  signal?: AbortSignal | undefined;
}

/** The outcome of a dump. */
export interface DumpResult {
  exitCode: ExitCodeValue;
  bytes: number;
  tags: number;
  lastTimestampMs: number;
  durationS: number;
  /** Why it ended. */
  reason: string;
}

/** Runs one download; never throws (errors become exit codes and a logged line). */
export async function runDump(config: DumpConfig): Promise<DumpResult> {
  const { logger } = config;
  const result: DumpResult = {
    exitCode: ExitCode.Failed,
    bytes: 0,
    tags: 0,
    lastTimestampMs: 0,
    durationS: 0,
    reason: '',
  };
  let plan: ResumePlan | undefined;
  if (config.resume && config.output !== '-') {
    try {
      plan = await planResume(config.output, config.skipKeyframes);
      logger.info(
        `Resuming download at ${(plan.seekMs / 1000).toFixed(3)} s (file offset ${plan.state.offset})`,
      );
    } catch (error) {
      if (!(error instanceof ResumeUnavailable)) return fail(result, logger, error, ExitCode.Failed);
      logger.verbose(`not resuming: ${error.message}`);
    }
  }
  let connection: RtmpConnection;
  try {
    connection = await connect(config.url, {
      ...config.connect,
      ...(config.signal ? { signal: config.signal } : {}),
    });
  } catch (error) {
    return fail(result, logger, error, ExitCode.NoConnect);
  }
  const info = connection.connectInfo;
  logger.verbose(
    `Connected: ${info?.status?.code ?? 'ok'}${info?.properties.fmsVer ? ` (${String(info.properties.fmsVer)})` : ''}`,
  );
  logger.event('connected', { status: info?.status?.code, properties: info?.properties });
  if (connection.params.live && plan) {
    logger.warn('cannot resume a live stream: starting a new file');
    plan = undefined;
  }
  let sink: FlvSink | undefined;
  const progress = new Progress(config.progress, logger);
  try {
    sink = config.output === '-' ? stdoutSink() : openFileSink(config.output, plan?.state.offset);
    // Resume starts: just before the keyframe, then earlier and earlier when the server seeks to a
    // later keyframe than asked for (the resume filter says so before anything is written).
    const starts = plan
      ? [plan.seekMs - 1, plan.seekMs - 2500, plan.seekMs - 10_000, 0].map((s) => Math.max(0, s))
      : [undefined];
    let attempt = 0;
    for (;;) {
      const start = starts[attempt];
      try {
        await playInto(connection, config, plan, start, sink, result, progress);
        break;
      } catch (error) {
        const overshoot =
          RtmpError.hasCode(error, 'FLV_RESUME_KEYFRAME_NOT_FOUND') && error.details.overshoot === true;
        if (!overshoot || attempt + 1 >= starts.length || start === 0) throw error;
        attempt++;
        logger.verbose(`the server started after the resume point; retrying from ${starts[attempt]} ms`);
        await connection.close().catch(() => undefined);
        connection = await connect(config.url, {
          ...config.connect,
          ...(config.signal ? { signal: config.signal } : {}),
        });
      }
    }
    await sink.close();
    sink = undefined;
    progress.stop();
  } catch (error) {
    progress.stop();
    await sink?.close().catch(() => undefined);
    const incomplete =
      result.tags > 0 || (RtmpError.is(error) && /TIMEOUT|CLOSED|RESET|ABORTED/.test(error.code));
    const played = RtmpError.hasCode(error, 'CLIENT_PLAY_FAILED');
    await connection.close().catch(() => undefined);
    return fail(
      result,
      logger,
      error,
      played ? ExitCode.Failed : incomplete ? ExitCode.Incomplete : ExitCode.Failed,
    );
  }
  await connection.close().catch(() => undefined);
  result.bytes = result.bytes || 0;
  summarize(result, logger);
  return result;
}

/** Plays once into the sink; sets the result's exit code from how the stream ended. */
async function playInto(
  connection: RtmpConnection,
  config: DumpConfig,
  plan: ResumePlan | undefined,
  start: number | undefined,
  sink: FlvSink,
  result: DumpResult,
  progress: Progress,
): Promise<void> {
  const { logger } = config;
  // Events are consumed with a callback (zero-copy, see PlayStream.consume); the queue only
  // holds what arrives between Play.Start and consume(), so keep it short.
  const playOptions: PlayOptions = { highWaterMark: 64 };
  if (start !== undefined) playOptions.start = start;
  if (config.stopMs !== undefined) playOptions.stop = config.stopMs;
  const play = await connection.play(undefined, playOptions);
  logger.event('playing', { stream: play.name, streamId: play.streamId, start });
  const muxer = new FlvMuxer(plan ? { resumeFrom: plan.state } : {});
  const onAbort = () => play.close();
  config.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // Payloads are valid only while the callback runs: the muxer passes them through and the
    // sink copies or writes every tag before returning.
    await play.consume((event) => {
      if (event.type === 'metadata') {
        const duration = event.metadata.duration;
        if (typeof duration === 'number' && duration > 0) result.durationS = duration;
      } else if (event.type !== 'audio' && event.type !== 'video' && event.type !== 'data') {
        if (event.type === 'status')
          logger.verbose(
            `${event.status.code}${event.status.description ? `: ${event.status.description}` : ''}`,
          );
        return;
      }
      const typeId = event.type === 'audio' ? 8 : event.type === 'video' ? 9 : 18;
      const chunks = muxer.write({ typeId, timestamp: event.timestamp, payload: event.payload });
      const wait = chunks.length > 0 ? sink.writeTag(chunks) : undefined;
      result.tags = muxer.tagCount;
      if (event.type !== 'data') result.lastTimestampMs = event.timestamp;
      progress.update({
        bytes: sink.bytesWritten,
        timestampMs: result.lastTimestampMs,
        durationS: result.durationS,
      });
      return wait;
    });
  } catch (error) {
    play.close();
    throw error;
  } finally {
    config.signal?.removeEventListener('abort', onAbort);
  }
  const trailer = muxer.end();
  if (trailer.length > 0) await sink.writeTag(trailer);
  result.tags = muxer.tagCount;
  result.bytes = muxer.offset;
  if (config.signal?.aborted) {
    result.exitCode = ExitCode.Incomplete;
    result.reason = 'interrupted';
  } else if (play.end?.stopReached || play.end?.status || play.end?.streamEof) {
    result.exitCode = ExitCode.Success;
    result.reason = play.end.stopReached
      ? 'stop reached'
      : (play.end.status?.code ?? (play.end.streamEof ? 'StreamEOF: the publisher left' : 'ended'));
  } else {
    result.exitCode = ExitCode.Incomplete;
    result.reason = 'the connection ended before the stream did';
  }
}

function summarize(result: DumpResult, logger: Logger): void {
  const seconds = (result.lastTimestampMs / 1000).toFixed(3);
  if (result.exitCode === ExitCode.Success)
    logger.info(`Download complete: ${result.tags} tags, ${seconds} s (${result.reason})`);
  else
    logger.info(
      `Download may be incomplete: ${result.tags} tags, ${seconds} s (${result.reason}); resume with -e`,
    );
  logger.event('done', {
    exitCode: result.exitCode,
    tags: result.tags,
    bytes: result.bytes,
    lastTimestampMs: result.lastTimestampMs,
    durationS: result.durationS,
    reason: result.reason,
  });
}

function fail(result: DumpResult, logger: Logger, error: unknown, exitCode: ExitCodeValue): DumpResult {
  result.exitCode = exitCode;
  result.reason = formatError(error);
  logger.error(result.reason, { exitCode, code: RtmpError.is(error) ? error.code : undefined });
  logger.event('done', {
    exitCode,
    tags: result.tags,
    lastTimestampMs: result.lastTimestampMs,
    reason: result.reason,
  });
  return result;
}
