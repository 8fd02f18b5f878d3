/**
 * One fuzzing campaign on one target: mutate corpus entries, run, keep inputs whose outcome
 * signature is new (cheap behavioural feedback in place of coverage), and record every input that
 * throws something other than an RtmpError, or runs longer than the slow-input bound.
 */
import { Mutator, Prng } from './mutator.js';
import type { FuzzTarget } from './targets.js';

/** Options of {@link fuzzTarget}. */
export interface FuzzOptions {
  seconds: number;
  seed: number;
  /** An input running longer than this (ms) is reported as slow (a hang candidate). */
  slowMs?: number;
  /** Cap of the working corpus in memory (default 4096). */
  maxCorpus?: number;
  /** Called for each crash (save it). */
  onCrash?: (input: Uint8Array, error: unknown) => void;
  /** Called for each input with a new signature (optionally save it). */
  onNew?: (input: Uint8Array, signature: string) => void;
}

/** Statistics of a campaign. */
export interface FuzzStats {
  target: string;
  execs: number;
  seconds: number;
  execsPerSecond: number;
  signatures: number;
  crashes: number;
  slow: number;
  maxMs: number;
  crashMessages: string[];
}

/** Runs one target for `seconds`. Never throws for a crash: it is counted and reported. */
export async function fuzzTarget(
  target: FuzzTarget,
  seeds: Uint8Array[],
  options: FuzzOptions,
): Promise<FuzzStats> {
  const rng = new Prng(options.seed);
  const mutator = new Mutator(rng);
  const corpus = seeds.length > 0 ? [...seeds] : [new Uint8Array(0)];
  const signatures = new Set<string>();
  const crashMessages = new Set<string>();
  const slowMs = options.slowMs ?? 1000;
  const maxCorpus = options.maxCorpus ?? 4096;
  let execs = 0;
  let crashes = 0;
  let slow = 0;
  let maxMs = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const runOne = async (input: Uint8Array) => {
    const t0 = performance.now();
    try {
      const signature = await target.run(input);
      if (!signatures.has(signature)) {
        signatures.add(signature);
        if (corpus.length < maxCorpus) corpus.push(input);
        options.onNew?.(input, signature);
      }
    } catch (error) {
      crashes++;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (!crashMessages.has(message)) {
        crashMessages.add(message);
        options.onCrash?.(input, error);
      }
    }
    const ms = performance.now() - t0;
    if (ms > maxMs) maxMs = ms;
    if (ms > slowMs) slow++;
    execs++;
  };
  for (const seed of corpus.slice()) await runOne(seed);
  while (performance.now() < deadline) {
    for (let i = 0; i < 64; i++) {
      const parent = corpus[rng.below(corpus.length)] as Uint8Array;
      await runOne(mutator.mutate(parent, corpus));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    target: target.name,
    execs,
    seconds: +seconds.toFixed(1),
    execsPerSecond: Math.round(execs / seconds),
    signatures: signatures.size,
    crashes,
    slow,
    maxMs: +maxMs.toFixed(1),
    crashMessages: [...crashMessages],
  };
}
