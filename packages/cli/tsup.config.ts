import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts', 'src/demo.ts'],
    format: ['esm', 'cjs'],
    dts: { entry: ['src/index.ts'] },
    clean: true,
    sourcemap: true,
    target: 'es2022',
  },
  {
    // The `rtmp` executable is one bundle of the client stack and commander: Node 20's ESM loader
    // pays per module file (resolve, read, link), ~40 ms of the start-up CPU for ~25 files (see
    // BENCHMARKS.md, time to first byte). The server and cli-progress stay external: they are
    // loaded only by `rtmp serve` and by the TTY progress bar.
    entry: ['src/bin.ts'],
    format: ['esm'],
    splitting: false,
    sourcemap: true,
    target: 'es2022',
    platform: 'node',
    noExternal: [/^@rtmp\/(?!server$)/, 'commander', /^@noble\//],
    external: ['@rtmp/server', 'cli-progress'],
    // Bundled CommonJS (commander) calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __rtmpCreateRequire } from 'node:module';\nconst require = __rtmpCreateRequire(import.meta.url);",
    },
  },
]);
