/** @rtmp/fuzz — mutation-based fuzzing of the decoders the network reaches (private tool). */
export { corpusDir, FUZZ_ROOT, loadEntries, saveEntry } from './corpus.js';
export { type FuzzOptions, type FuzzStats, fuzzTarget } from './fuzz-loop.js';
export { Mutator, Prng } from './mutator.js';
export { type FuzzTarget, seeded, sessionClient, TARGET_NAMES, TARGETS, type TargetName } from './targets.js';
