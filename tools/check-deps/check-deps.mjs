#!/usr/bin/env node
// Enforces the layering of docs in CONTRIBUTING.md ("Layout and layering"):
// 1. a package's @rtmp/* dependencies (package.json and imports) are only the allowed edges;
// 2. protocol packages import no `node:*` module (nor bare Node built-ins) and no undeclared package;
// 3. every imported package is declared in package.json dependencies.
// Exits 1 and lists every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = new URL('../../packages/', import.meta.url).pathname;

/** Allowed @rtmp/* dependencies per package (the architecture's downward edges). */
const ALLOWED = {
  core: [],
  amf3: ['core'],
  amf0: ['core', 'amf3'],
  chunk: ['core'],
  handshake: ['core'],
  flv: ['core', 'amf0', 'amf3'],
  commands: ['core', 'amf0', 'amf3'],
  session: ['core', 'amf0', 'amf3', 'chunk', 'handshake', 'commands'],
  'transport-tcp': ['core'],
  'transport-http': ['core', 'handshake'],
  client: [
    'core',
    'amf0',
    'amf3',
    'chunk',
    'handshake',
    'commands',
    'session',
    'flv',
    'transport-tcp',
    'transport-http',
  ],
  server: [
    'core',
    'amf0',
    'amf3',
    'chunk',
    'handshake',
    'commands',
    'session',
    'flv',
    'transport-tcp',
    'transport-http',
  ],
  cli: [
    'core',
    'amf0',
    'amf3',
    'chunk',
    'handshake',
    'commands',
    'session',
    'flv',
    'transport-tcp',
    'transport-http',
    'client',
    'server',
  ],
};
/** Packages that must run outside Node: no node:* imports, no Node globals in their types. */
const PROTOCOL = new Set([
  'core',
  'amf3',
  'amf0',
  'chunk',
  'handshake',
  'flv',
  'commands',
  'session',
  'transport-http',
]);
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) ? [path] : [];
  });
}

const importPattern =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
const problems = [];

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const allowed = ALLOWED[name];
  if (!allowed) {
    problems.push(`${name}: not in the layering table of tools/check-deps (add it deliberately)`);
    continue;
  }
  const declared = { ...pkg.dependencies, ...pkg.peerDependencies };
  for (const dep of Object.keys(declared)) {
    if (dep.startsWith('@rtmp/') && !allowed.includes(dep.slice(6)))
      problems.push(`${name}: package.json depends on ${dep}, not allowed`);
  }
  for (const file of sourceFiles(join(dir, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const spec = match[1] ?? match[2] ?? match[3] ?? match[4];
      if (!spec || spec.startsWith('.')) continue;
      const rel = file.slice(root.length);
      if (builtins.has(spec) || spec.startsWith('node:')) {
        if (PROTOCOL.has(name)) problems.push(`${rel}: protocol package imports ${spec}`);
        continue;
      }
      const base = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (base.startsWith('@rtmp/') && !allowed.includes(base.slice(6)))
        problems.push(`${rel}: imports ${base}, not allowed for ${name}`);
      if (!(base in declared)) problems.push(`${rel}: imports ${base}, which package.json does not declare`);
    }
  }
}

if (problems.length > 0) {
  console.error(`check-deps: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`check-deps: ${readdirSync(root).length} packages follow the layering`);
