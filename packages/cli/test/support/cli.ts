// Test support: runs the built `rtmp` executable (packages/cli/dist/bin.js) as a child process.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type RunResult, run } from '@rtmp/test-peers';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** Runs `rtmp ...args`; throws when the CLI was not built. `env` is added to the environment. */
export function rtmp(
  args: readonly string[],
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<RunResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before the CLI tests`);
  return run(process.execPath, [BIN, ...args], { timeoutMs, env: { ...process.env, ...env } });
}
