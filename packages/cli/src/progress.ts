/**
 * The download/publish progress display: a cli-progress bar on a TTY (bytes, seconds of media,
 * percent of the duration when known, rate), rtmpdump's `#` marks with `-#`, JSON `progress`
 * lines with `--json`, nothing when piped or quiet.
 */
import type { SingleBar } from 'cli-progress';
import type { Logger } from './logger.js';

/** What the display shows. */
export interface ProgressSample {
  bytes: number;
  /** Media timestamp reached, ms. */
  timestampMs: number;
  /** Total duration from onMetaData, seconds (0 = unknown). */
  durationS: number;
}

/** Which display to use. */
export type ProgressMode = 'bar' | 'hashes' | 'none';

/** Picks the display for this terminal and these flags. */
export function progressMode(options: {
  quiet: boolean;
  hashes: boolean;
  json: boolean;
  stream?: NodeJS.WriteStream;
}): ProgressMode {
  if (options.quiet || options.json) return 'none';
  if (options.hashes) return 'hashes';
  return (options.stream ?? process.stderr).isTTY ? 'bar' : 'none';
}

/** A throttled progress display (at most 10 redraws a second, 1 JSON line a second). */
export class Progress {
  private bar: SingleBar | undefined;
  private readonly started = performance.now();
  private lastDraw = 0;
  private lastJson = 0;
  private hashesShown = 0;
  private last: ProgressSample = { bytes: 0, timestampMs: 0, durationS: 0 };
  /** cli-progress, loaded only when a bar is shown (it costs ~30 ms of startup otherwise). */
  private barModule: typeof import('cli-progress') | undefined;

  constructor(
    private readonly mode: ProgressMode,
    private readonly logger: Logger,
    private readonly label = 'download',
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    if (mode === 'bar')
      import('cli-progress').then(
        (m) => {
          this.barModule = m;
        },
        () => undefined,
      );
  }

  update(sample: ProgressSample): void {
    this.last = sample;
    if (this.mode === 'none' && !this.logger.json) return; // -q: called per tag, keep it free
    const now = performance.now();
    if (this.logger.json && now - this.lastJson >= 1000) {
      this.lastJson = now;
      this.logger.event('progress', { ...this.figures(), label: this.label });
    }
    if (this.mode === 'none' || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Final redraw and newline. */
  stop(): void {
    if (this.mode === 'bar' && this.bar) {
      this.draw();
      this.bar.stop();
    } else if (this.mode === 'hashes' && this.hashesShown > 0) this.stream.write('\n');
  }

  private figures(): { bytes: number; seconds: number; percent: number | null; rateKBs: number } {
    const elapsed = (performance.now() - this.started) / 1000;
    const seconds = this.last.timestampMs / 1000;
    const percent = this.last.durationS > 0 ? Math.min(100, (seconds / this.last.durationS) * 100) : null;
    return {
      bytes: this.last.bytes,
      seconds,
      percent,
      rateKBs: elapsed > 0 ? this.last.bytes / 1024 / elapsed : 0,
    };
  }

  private draw(): void {
    const f = this.figures();
    if (this.mode === 'hashes') {
      // rtmpdump -#: one mark per percent when the duration is known, else per MiB.
      const target = f.percent !== null ? Math.floor(f.percent) : Math.floor(f.bytes / (1 << 20));
      if (target > this.hashesShown) {
        this.stream.write('#'.repeat(target - this.hashesShown));
        this.hashesShown = target;
      }
      return;
    }
    const payload = {
      kb: (f.bytes / 1024).toFixed(1),
      sec: f.seconds.toFixed(1),
      pct: f.percent === null ? '--' : f.percent.toFixed(1),
      rate: f.rateKBs.toFixed(0),
    };
    if (!this.bar) {
      if (!this.barModule) return;
      this.bar = new this.barModule.SingleBar({
        format: `${this.label} [{bar}] {pct}% | {kb} kB | {sec} s | {rate} kB/s`,
        stream: this.stream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
      });
      this.bar.start(100, 0, payload);
    }
    this.bar.update(f.percent ?? 0, payload);
  }
}
