/**
 * VodPlayback: one NetStream playing an FLV file (RTMP spec 7.2.2.1 play, 7.2.2.7 pause,
 * 7.2.2.6 seek; the answers nginx-rtmp's play module gives). onMetaData first, then every tag
 * with the file's timestamps, as fast as the socket drains (`sink.send` returning false waits for
 * `sink.drain()`), or paced to the client's buffer length with `pacing: 'buffer'`. Seek sends
 * StreamEOF, NetStream.Seek.Notify, StreamBegin and plays from the keyframe at or before the
 * position; pause/unpause stop and resume sending (Pause.Notify / Unpause.Notify). At the end:
 * StreamEOF, onPlayStatus NetStream.Play.Complete, onStatus NetStream.Play.Stop — nginx's order.
 */
import { FlvDemuxer } from '@rtmp/flv';
import { VOD_READ_SIZE, type VodFile } from './vod-file.js';

/** Where a playback writes (implemented by the connection for one NetStream). */
export interface VodSink {
  /** Sends one audio/video/data message; false when the caller must await {@link VodSink.drain}. */
  send(typeId: number, timestamp: number, payload: Uint8Array): boolean;
  /** Resolves when the socket can take more (or is closed). */
  drain(): Promise<void>;
  /** Batch writes (socket cork/uncork). */
  cork(): void;
  uncork(): void;
  seeked(): void;
  paused(paused: boolean): void;
  /** The file ended: StreamEOF, Play.Complete, Play.Stop. */
  ended(lastTimestamp: number): void;
  /** Reading failed: the play is over. */
  failed(error: unknown): void;
}

/** Options of a playback. */
export interface VodPlaybackOptions {
  /** `socket` (default): as fast as the socket drains. `buffer`: no more than the client's buffer ahead of real time. */
  pacing?: 'socket' | 'buffer';
  /** The client's SetBufferLength for this stream, ms (read on each paced tag). */
  bufferLength?: () => number;
  /** Monotonic clock in ms (default performance.now). */
  clock?: () => number;
}

/** One playing VOD NetStream. */
export class VodPlayback {
  private paused = false;
  private stopped = false;
  private seekTo: number | undefined;
  private wakeUp: (() => void) | undefined;
  private readonly buffer = new Uint8Array(VOD_READ_SIZE);
  private readonly clock: () => number;
  private paceStart = 0;
  private paceFirstTs: number | undefined;
  /** Timestamp of the last tag sent. */
  lastTimestamp = 0;
  /** Tags sent so far. */
  tagsSent = 0;
  /** Settles when the loop has finished (after stop() or a failure). */
  readonly done: Promise<void>;

  constructor(
    private readonly file: VodFile,
    private readonly sink: VodSink,
    startMs: number,
    private readonly options: VodPlaybackOptions = {},
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.done = this.run(startMs > 0 ? startMs : undefined);
  }

  /** Seeks to `ms` (applied by the loop: Seek.Notify then media from the keyframe at or before). */
  seek(ms: number): void {
    this.seekTo = Math.max(0, Number.isFinite(ms) ? ms : 0);
    this.wake();
  }

  /** Pauses or resumes sending. */
  pause(paused: boolean): void {
    if (this.paused === paused) {
      this.sink.paused(paused);
      return;
    }
    this.paused = paused;
    this.sink.paused(paused);
    this.paceFirstTs = undefined;
    this.wake();
  }

  /** Stops the loop and closes the file; resolves when both are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.done;
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  private sleepUntilWoken(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private async run(initialSeek: number | undefined): Promise<void> {
    try {
      const meta = this.file.metadataTag;
      if (meta) this.sink.send(18, 0, meta.data);
      let position =
        initialSeek !== undefined ? await this.file.seekOffset(initialSeek) : this.file.dataStart;
      let base = position;
      let demuxer = new FlvDemuxer({ expectHeader: false });
      let ended = false;
      while (!this.stopped) {
        if (this.seekTo !== undefined) {
          const target = this.seekTo;
          this.seekTo = undefined;
          position = await this.file.seekOffset(target);
          if (this.stopped) break;
          base = position;
          demuxer = new FlvDemuxer({ expectHeader: false });
          ended = false;
          this.paceFirstTs = undefined;
          this.sink.seeked();
          continue;
        }
        if (this.paused || ended) {
          await this.sleepUntilWoken();
          continue;
        }
        const n = await this.file.read(this.buffer, position);
        if (this.stopped) break;
        if (n === 0) {
          demuxer.end({ requireComplete: true });
          ended = true;
          this.sink.ended(this.lastTimestamp);
          continue;
        }
        position += n;
        const tags = demuxer.push(this.buffer.subarray(0, n));
        this.sink.cork();
        try {
          for (const tag of tags) {
            const offset = base + tag.offset;
            if (this.stopped || this.paused || this.seekTo !== undefined) {
              // Resume later from this tag: restart the demuxer at its offset.
              position = offset;
              base = offset;
              demuxer = new FlvDemuxer({ expectHeader: false });
              break;
            }
            if (meta && offset === meta.offset) continue;
            if (this.options.pacing === 'buffer' && (tag.type === 8 || tag.type === 9)) {
              const wait = this.paceDelay(tag.timestamp);
              if (wait > 0) {
                this.sink.uncork();
                await sleep(Math.min(wait, 250));
                this.sink.cork();
                position = offset;
                base = offset;
                demuxer = new FlvDemuxer({ expectHeader: false });
                break;
              }
            }
            this.lastTimestamp = tag.timestamp;
            this.tagsSent++;
            if (!this.sink.send(tag.type, tag.timestamp, tag.data)) {
              this.sink.uncork();
              await this.sink.drain();
              this.sink.cork();
            }
          }
        } finally {
          this.sink.uncork();
        }
      }
    } catch (error) {
      if (!this.stopped) this.sink.failed(error);
    } finally {
      await this.file.close();
    }
  }

  /** ms to wait before sending a tag at `timestamp` so we stay within the client's buffer. */
  private paceDelay(timestamp: number): number {
    const now = this.clock();
    if (this.paceFirstTs === undefined) {
      this.paceFirstTs = timestamp;
      this.paceStart = now;
      return 0;
    }
    const buffer = Math.max(this.options.bufferLength?.() ?? 0, 100);
    return timestamp - this.paceFirstTs - (now - this.paceStart) - buffer;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
