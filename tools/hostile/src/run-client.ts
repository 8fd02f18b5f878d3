/**
 * Runs @rtmp/client against a server the way an application would (connect, optionally play and
 * write the FLV), and measures how it ended: error code, elapsed time, memory growth, FLV bytes.
 */
import { type ConnectOptions, connect, type RtmpConnection } from '@rtmp/client';
import { RtmpError } from '@rtmp/core';
import { connectTcp } from '@rtmp/transport-tcp';

/** Deadlines the hostile suite gives the client (short, so a hang shows up as a failed bound). */
export const HOSTILE_TIMEOUTS = { connectTimeout: 2000, idleTimeout: 1500, noMediaTimeout: 1500 } as const;

/** What {@link runClient} does. */
export interface ClientRun {
  url: string;
  /** Play after connecting and collect the FLV (default true). */
  play?: boolean;
  /** Publish this many 2000-byte video messages instead of playing. */
  publish?: number;
  /** Overrides of the connect options. */
  options?: ConnectOptions;
  /** Stop collecting after this many ms even if the stream goes on (default 20 000: a hang guard). */
  hardLimitMs?: number;
}

/** How a run ended. */
export interface ClientOutcome {
  /** `ok`, or the error's `code` (`NOT_RTMP_ERROR:<name>` for anything that is not an RtmpError). */
  code: string;
  error: unknown;
  /** Where it ended: connect, play (play() rejected) or stream (the FLV stream failed). */
  phase: 'connect' | 'play' | 'stream' | 'publish' | 'publishing' | 'done';
  elapsedMs: number;
  /** RSS / heap growth across the run, bytes (after a GC when exposed). */
  rssGrowth: number;
  heapGrowth: number;
  /** The FLV bytes `play.flv()` produced before the end. */
  flv: Buffer;
  /** True when the hard limit stopped the run (the client would have hung). */
  hung: boolean;
}

/** A plain TCP transport factory (the client's default `openTransport` is used unless overridden). */
export const tcpTransport: NonNullable<ConnectOptions['transport']> = (params, o) =>
  connectTcp(
    { host: params.host, port: params.port },
    { signal: o.signal, connectTimeout: o.connectTimeout, idleTimeout: 0 },
  );

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function codeOf(error: unknown): string {
  if (error === undefined) return 'ok';
  if (error instanceof RtmpError) return error.code;
  return `NOT_RTMP_ERROR:${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
}

/** Connects (and plays) once and reports how it ended. Never throws. */
export async function runClient(run: ClientRun): Promise<ClientOutcome> {
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  const started = performance.now();
  const chunks: Buffer[] = [];
  let phase: ClientOutcome['phase'] = 'connect';
  let error: unknown;
  let connection: RtmpConnection | undefined;
  let hung = false;
  const hard = new AbortController();
  const hardTimer = setTimeout(() => {
    hung = true;
    hard.abort();
    connection?.destroy();
  }, run.hardLimitMs ?? 20_000);
  try {
    connection = await connect(run.url, {
      ...HOSTILE_TIMEOUTS,
      signal: hard.signal,
      ...(run.publish !== undefined ? { publish: true } : {}),
      ...run.options,
    });
    if (run.publish !== undefined) {
      phase = 'publish';
      const stream = await connection.publish();
      phase = 'publishing';
      const data = new Uint8Array(2000).fill(7);
      data[0] = 0x17;
      for (let i = 0; i < run.publish; i++) await stream.write({ type: 9, timestamp: i * 40, data });
      await stream.end();
    } else if (run.play !== false) {
      phase = 'play';
      const stream = await connection.play();
      phase = 'stream';
      for await (const chunk of stream.flv()) chunks.push(chunk as Buffer);
    }
    phase = 'done';
    await connection.close();
  } catch (caught) {
    error = caught;
    connection?.destroy();
  } finally {
    clearTimeout(hardTimer);
  }
  if (connection) await connection.done.catch(() => {});
  const elapsedMs = performance.now() - started;
  gc();
  return {
    code: codeOf(error),
    error,
    phase,
    elapsedMs,
    rssGrowth: process.memoryUsage().rss - rss0,
    heapGrowth: process.memoryUsage().heapUsed - heap0,
    flv: Buffer.concat(chunks),
    hung,
  };
}
