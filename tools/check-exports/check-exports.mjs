#!/usr/bin/env node
// Runs publint and `attw --pack` on every package under packages/ (after `pnpm build`).
// Exits 1 if any package has a problem; prints one summary line per package.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../../packages/', import.meta.url).pathname;
const bin = (name) => join(new URL('../../node_modules/.bin/', import.meta.url).pathname, name);
let failed = 0;
for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  const publint = spawnSync(bin('publint'), ['--strict', dir], { encoding: 'utf8' });
  const attw = spawnSync(bin('attw'), ['--pack', dir, '--format', 'ascii'], { encoding: 'utf8' });
  const ok = publint.status === 0 && attw.status === 0;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} @rtmp/${name}  publint:${publint.status === 0 ? 'clean' : 'problems'}  attw:${attw.status === 0 ? 'clean' : 'problems'}`,
  );
  if (!ok) {
    failed++;
    if (publint.status !== 0) console.log(publint.stdout + publint.stderr);
    if (attw.status !== 0) console.log(attw.stdout + attw.stderr);
  }
}
if (failed > 0) {
  console.error(`check-exports: ${failed} package(s) with problems`);
  process.exit(1);
}
