/**
 * The fuzzer's command line:
 *   pnpm --filter @rtmp/fuzz fuzz --target all --seconds 60 [--seed N] [--save-new]
 * Runs each target for `--seconds` (split evenly with `--target all`), prints a JSON line of
 * statistics per target, saves crashes to regressions/<target>/ and exits 1 if any crash was found.
 */
import { loadEntries, saveEntry } from './corpus.js';
import { fuzzTarget } from './fuzz-loop.js';
import { TARGET_NAMES, TARGETS, type TargetName } from './targets.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const which = arg('target', 'all');
const seconds = Number(arg('seconds', '60'));
const seed = Number(arg('seed', String(Date.now() % 1_000_000)));
const saveNew = process.argv.includes('--save-new');
const names: TargetName[] = which === 'all' ? [...TARGET_NAMES] : (which.split(',') as TargetName[]);
for (const name of names)
  if (!TARGETS[name]) throw new Error(`unknown target ${name}; one of ${TARGET_NAMES.join(', ')}`);
const each = which === 'all' ? seconds / names.length : seconds;

let crashed = false;
for (const name of names) {
  const seeds = [...loadEntries('corpus', name), ...loadEntries('regressions', name)].map((e) => e.bytes);
  const stats = await fuzzTarget(TARGETS[name], seeds, {
    seconds: each,
    seed,
    onCrash: (input, error) => {
      crashed = true;
      const path = saveEntry('regressions', name, input, 'crash-');
      console.error(
        `CRASH ${name}: ${error instanceof Error ? error.stack : String(error)}\n  saved ${path}`,
      );
    },
    ...(saveNew ? { onNew: (input: Uint8Array) => void saveEntry('corpus', name, input, 'found-') } : {}),
  });
  console.log(JSON.stringify({ ...stats, seed, seeds: seeds.length }));
}
process.exit(crashed ? 1 : 0);
