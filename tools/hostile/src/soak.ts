/**
 * The soak loop: live publish + play cycles through an RTMP server (ours, @rtmp/server, or
 * nginx-rtmp) for N minutes, with the process's heap and RSS sampled every 10 s. A leak shows as
 * growth between the first and the last samples beyond the stated bounds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { connect, type PlayEvent } from '@rtmp/client';
import { videoPayload } from './scripted-peer.js';

/** Options of {@link runSoak}. */
export interface SoakOptions {
  /** rtmp://host:port/app (the stream name is added per cycle). */
  baseUrl: string;
  minutes: number;
  /** Seconds per publish/play cycle (default 10). */
  cycleSeconds?: number;
  /** Sampling period, ms (default 10 000). */
  sampleMs?: number;
  /** Players per cycle (default 2). */
  players?: number;
  log?: (line: string) => void;
}

/** One memory sample. */
export interface SoakSample {
  atS: number;
  heapMiB: number;
  rssMiB: number;
  cycles: number;
}

/** The soak's result. */
export interface SoakResult {
  baseUrl: string;
  minutes: number;
  cycles: number;
  messagesSent: number;
  messagesReceived: number;
  errors: string[];
  samples: SoakSample[];
  /** Last-minute mean minus first-minute mean (after the warm-up sample; thirds when shorter), MiB. */
  heapGrowthMiB: number;
  rssGrowthMiB: number;
}

const MIB = 1024 * 1024;

function sample(startedAt: number, cycles: number): SoakSample {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return {
    atS: Math.round((performance.now() - startedAt) / 1000),
    heapMiB: +(m.heapUsed / MIB).toFixed(1),
    rssMiB: +(m.rss / MIB).toFixed(1),
    cycles,
  };
}

function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** One cycle: a publisher sends 25 fps video + ~43 audio/s for `seconds`; players read it all. */
async function cycle(
  baseUrl: string,
  name: string,
  seconds: number,
  players: number,
  counts: { sent: number; received: number },
): Promise<void> {
  const publisher = await connect(`${baseUrl}/${name}`, { publish: true, connectTimeout: 5000 });
  try {
    const stream = await publisher.publish(name);
    const readers = await Promise.all(
      Array.from({ length: players }, async () => {
        const connection = await connect(`${baseUrl}/${name} live=1`, {
          connectTimeout: 5000,
          idleTimeout: 5000,
        });
        const play = await connection.play(name, { live: true });
        const done = (async () => {
          for await (const event of play as AsyncIterable<PlayEvent>)
            if (event.type === 'audio' || event.type === 'video') counts.received++;
        })().catch(() => {});
        return { connection, done };
      }),
    );
    const audio = new Uint8Array(200).fill(0xaf);
    audio[1] = 1;
    const started = performance.now();
    for (let ms = 0; ms < seconds * 1000; ms += 40) {
      await stream.write({ type: 9, timestamp: ms, data: videoPayload(ms % 2000 === 0 ? 0 : 1, 2000) });
      await stream.write({ type: 8, timestamp: ms, data: audio });
      counts.sent += 2;
      const ahead = ms - (performance.now() - started);
      if (ahead > 0) await sleep(ahead);
    }
    await stream.end();
    await sleep(200);
    for (const reader of readers) {
      await reader.connection.close().catch(() => {});
      await reader.done;
    }
  } finally {
    await publisher.close().catch(() => {});
  }
}

/** Runs the soak; never throws for a failed cycle (it is counted in `errors`). */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const cycleSeconds = options.cycleSeconds ?? 10;
  const sampleMs = options.sampleMs ?? 10_000;
  const startedAt = performance.now();
  const end = startedAt + options.minutes * 60_000;
  const counts = { sent: 0, received: 0 };
  const errors: string[] = [];
  const samples: SoakSample[] = [sample(startedAt, 0)];
  let cycles = 0;
  const timer = setInterval(() => {
    const s = sample(startedAt, cycles);
    samples.push(s);
    log(
      `t=${s.atS}s cycles=${cycles} heap=${s.heapMiB}MiB rss=${s.rssMiB}MiB sent=${counts.sent} received=${counts.received}`,
    );
  }, sampleMs);
  try {
    while (performance.now() < end) {
      const seconds = Math.min(cycleSeconds, Math.max(1, (end - performance.now()) / 1000));
      try {
        await cycle(options.baseUrl, `soak${cycles % 7}`, seconds, options.players ?? 2, counts);
      } catch (error) {
        errors.push(
          error instanceof Error
            ? `${(error as { code?: string }).code ?? error.name}: ${error.message}`
            : String(error),
        );
        await sleep(500);
      }
      cycles++;
    }
  } finally {
    clearInterval(timer);
  }
  samples.push(sample(startedAt, cycles));
  // First vs last minute (after the warm-up sample); short runs compare first vs last third.
  const body = samples.slice(1);
  const window = Math.max(1, Math.min(Math.round(60_000 / sampleMs), Math.floor(body.length / 3)));
  const first = body.slice(0, window);
  const last = body.slice(-window);
  return {
    baseUrl: options.baseUrl,
    minutes: options.minutes,
    cycles,
    messagesSent: counts.sent,
    messagesReceived: counts.received,
    errors,
    samples,
    heapGrowthMiB: +(mean(last.map((s) => s.heapMiB)) - mean(first.map((s) => s.heapMiB))).toFixed(1),
    rssGrowthMiB: +(mean(last.map((s) => s.rssMiB)) - mean(first.map((s) => s.rssMiB))).toFixed(1),
  };
}
