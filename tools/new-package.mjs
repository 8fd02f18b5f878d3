#!/usr/bin/env node
// Scaffolds packages/<name> with the project's package.json, tsup and tsconfig conventions.
// usage: node tools/new-package.mjs <name> <protocol|node> "<description>" [dep ...]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';

const [name, kind, description, ...deps] = process.argv.slice(2);
if (!name || !['protocol', 'node'].includes(kind ?? '') || !description) {
  console.error('usage: node tools/new-package.mjs <name> <protocol|node> "<description>" [dep ...]');
  process.exit(2);
}
const dir = new URL(`../packages/${name}/`, import.meta.url);
mkdirSync(new URL('src/', dir), { recursive: true });
mkdirSync(new URL('test/', dir), { recursive: true });
// Each dep is `name` or `name@range`; workspace packages always get `workspace:^`.
const dependencies = Object.fromEntries(
  deps.map((dep) => {
    const at = dep.lastIndexOf('@');
    const [depName, range] = at > 0 ? [dep.slice(0, at), dep.slice(at + 1)] : [dep, '*'];
    return [depName, depName.startsWith('@rtmp/') ? 'workspace:^' : range];
  }),
);
const pkg = {
  name: `@rtmp/${name}`,
  version: '0.0.0',
  description,
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  engines: { node: '>=20' },
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.ts',
  files: ['dist', 'README.md'],
  scripts: { build: 'tsup', typecheck: 'tsc -p tsconfig.json --noEmit' },
  dependencies,
  keywords: ['rtmp', 'flash', 'streaming'],
  publishConfig: { access: 'public', provenance: true },
};
const write = (rel, text) => {
  const url = new URL(rel, dir);
  if (!existsSync(url)) writeFileSync(url, text);
};
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsup.config.ts',
  `import { defineConfig } from 'tsup';\n\nexport default defineConfig({\n  entry: ['src/index.ts'],\n  format: ['esm', 'cjs'],\n  dts: true,\n  clean: true,\n  sourcemap: true,\n  target: 'es2022',\n});\n`,
);
write(
  'tsconfig.json',
  `{\n  "extends": "../../tsconfig.${kind === 'node' ? 'node' : 'base'}.json",\n  "include": ["src"]\n}\n`,
);
console.log(`packages/${name} ready`);
