/**
 * The corpus kept in the repo: `corpus/<target>/*.bin` (seeds from real captures and inputs the
 * fuzzer found interesting) and `regressions/<target>/*.bin` (every crash ever found, replayed by
 * the unit test forever).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetName } from './targets.js';

export const FUZZ_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Directory of a target's corpus or regressions. */
export function corpusDir(kind: 'corpus' | 'regressions', target: TargetName): string {
  return join(FUZZ_ROOT, kind, target);
}

/** Entries of a target's corpus or regressions, sorted by name. */
export function loadEntries(
  kind: 'corpus' | 'regressions',
  target: TargetName,
): Array<{ name: string; bytes: Uint8Array }> {
  const dir = corpusDir(kind, target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.bin'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

/** Saves an input under its content hash; returns the path. */
export function saveEntry(
  kind: 'corpus' | 'regressions',
  target: TargetName,
  bytes: Uint8Array,
  prefix = '',
): string {
  const dir = corpusDir(kind, target);
  mkdirSync(dir, { recursive: true });
  const name = `${prefix}${createHash('sha1').update(bytes).digest('hex').slice(0, 16)}.bin`;
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
