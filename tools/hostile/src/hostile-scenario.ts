/**
 * The shape of one hostile-server scenario (the reliability suite's unit of proof) and the
 * helpers scripts share: a clean end of play written as raw bytes (RTMP spec 7.1.3 StreamEOF +
 * onStatus NetStream.Play.Stop) and a wait that ends with the server.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectOptions } from '@rtmp/client';
import type { ServerSessionOptions } from '@rtmp/session';
import { amf0, rawCommand, rawUserControl } from './raw-chunk.js';
import type { ClientOutcome } from './run-client.js';
import type { PeerScript } from './scripted-server.js';

/** One misbehaviour and what the client must do about it. */
export interface HostileScenario {
  /** Kebab-case id (test name, RELIABILITY.md row). */
  name: string;
  /** What the server does wrong. */
  misbehaviour: string;
  /** What the client must do, in words (RELIABILITY.md). */
  expected: string;
  /** A client bug this scenario exposes (the test is `it.fails` until it is fixed). */
  knownBug?: string;
  /** Acceptable outcome codes: `ok` when the client must cope, else typed error codes. */
  codes: readonly string[];
  /** Where the run must end (default: any). */
  phases?: readonly ClientOutcome['phase'][];
  /** Upper bound of the run, ms. */
  maxMs: number;
  /** Lower bound (deadline scenarios: the deadline must not fire early). */
  minMs?: number;
  /** Play after connect (default true). */
  play?: boolean;
  /** The hang guard: the client is aborted after this many ms (default 20 000). */
  hardLimitMs?: number;
  /** Publish this many video messages instead of playing. */
  publish?: number;
  /** Number of FLV tags the (partial) file must hold, when play got that far. */
  flvTags?: number;
  /** RSS growth bound, bytes (default 64 MiB). */
  maxRssGrowth?: number;
  sessionOptions?: Partial<ServerSessionOptions>;
  clientOptions?: ConnectOptions;
  script: PeerScript;
  /** Extra checks on the outcome; throw to fail. */
  check?: (outcome: ClientOutcome) => void;
}

/** StreamEOF + onStatus NetStream.Play.Stop as raw fmt-0 chunks (safe after raw control messages). */
export function rawEndPlay(streamId: number): Uint8Array[] {
  return [
    rawUserControl(1, streamId),
    rawCommand(
      [
        amf0.string('onStatus'),
        amf0.number(0),
        amf0.null(),
        amf0.object({ level: 'status', code: 'NetStream.Play.Stop', description: 'Stopped.' }),
      ],
      { csid: 5, streamId },
    ),
  ];
}

/** Keeps the connection open silently until the client goes away or the server stops. */
export async function holdOpen(
  peer: { closed: boolean },
  signal: AbortSignal,
  maxMs = 15_000,
): Promise<void> {
  const until = performance.now() + maxMs;
  while (!peer.closed && !signal.aborted && performance.now() < until) await sleep(50);
}

/** Throws unless `condition` holds (scenario `check` helper). */
export function expectThat(condition: boolean, what: string): void {
  if (!condition) throw new Error(`scenario check failed: ${what}`);
}
