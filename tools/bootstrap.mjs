#!/usr/bin/env node
// Makes `npm test` and `npm run demo` work on a fresh clone with only Node 20 and npm:
// installs the workspace with pnpm (through npx, so nothing global is needed) when
// node_modules is missing or older than the lockfile, builds when a task needs built
// packages, then runs the task. usage: node tools/bootstrap.mjs <test|demo|...> [args]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PNPM_VERSION = '10.34.9';
const root = fileURLToPath(new URL('..', import.meta.url));
const [task, ...args] = process.argv.slice(2);

function sh(command, commandArgs, extraEnv = {}) {
  const result = spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...extraEnv },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpm(pnpmArgs) {
  const hasPnpm = spawnSync('pnpm', ['--version'], { stdio: 'ignore' }).status === 0;
  return hasPnpm ? sh('pnpm', pnpmArgs) : sh('npx', ['-y', `pnpm@${PNPM_VERSION}`, ...pnpmArgs]);
}

function ensureInstalled() {
  const marker = `${root}node_modules/.modules.yaml`;
  const lock = `${root}pnpm-lock.yaml`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  console.error('> installing dependencies (pnpm install --frozen-lockfile)');
  if (pnpm(['install', '--frozen-lockfile']) !== 0) process.exit(1);
}

function ensureBuilt() {
  if (existsSync(`${root}packages/cli/dist/index.js`) && process.env.RTMP_REBUILD !== '1') return;
  console.error('> building packages (pnpm build)');
  if (pnpm(['-r', '--filter', './packages/**', 'build']) !== 0) process.exit(1);
}

const bin = (name) => `${root}node_modules/.bin/${name}`;

/** Runs a vitest project and ends with the plain `N passed, N failed, N skipped` line CI reads. */
function vitest(project, extraArgs, env = {}) {
  const report = `${root}.tmp/vitest-${project}.json`;
  const code = sh(
    bin('vitest'),
    [
      'run',
      '--project',
      project,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extraArgs,
    ],
    env,
  );
  try {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    console.log(
      `${project}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
    );
  } catch {
    console.log(`${project}: no report (exit ${code})`);
  }
  return code;
}
ensureInstalled();
switch (task) {
  case 'test':
    process.exit(vitest('unit', args));
    break;
  case 'interop':
    process.exit(vitest('interop', args, { RTMP_INTEROP: '1' }));
    break;
  case 'demo':
    ensureBuilt();
    process.exit(sh(process.execPath, [`${root}packages/cli/dist/demo.js`, ...args]));
    break;
  default:
    console.error('usage: node tools/bootstrap.mjs <test|interop|demo> [args]');
    process.exit(2);
}
