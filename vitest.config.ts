// Root test configuration: one vitest project per tier (see README "Tests").
// `@rtmp/<name>` resolves to the package source, so tests never need a build.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const alias = readdirSync(packagesDir).map((name) => ({
  find: new RegExp(`^@rtmp/${name}$`),
  replacement: `${packagesDir}${name}/src/index.ts`,
}));
alias.push({
  find: /^@rtmp\/test-peers$/,
  replacement: fileURLToPath(new URL('./tools/test-peers/src/index.ts', import.meta.url)),
});

const slow = process.env.RTMP_SLOW === '1';

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts'],
          exclude: ['**/*.interop.test.ts', '**/node_modules/**'],
          testTimeout: slow ? 600_000 : 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'interop',
          include: ['packages/*/test/**/*.interop.test.ts', 'tools/*/test/**/*.interop.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
