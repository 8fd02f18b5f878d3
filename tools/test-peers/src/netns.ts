/**
 * Private network namespaces for peers that bind 0.0.0.0:1935 (rtmpsrv, rtmpsuck) and dial out:
 * everything runs inside `unshare -n` with only `lo` up, so nothing reaches any real network.
 */
import { type RunOptions, type RunResult, run } from './run.js';

/**
 * Runs a shell script inside a new network namespace (loopback only). The script runs with
 * `set -e`; `lo` is brought up first. Requires root (CI and the dev machines run as root).
 */
export function runInNetns(script: string, options: RunOptions = {}): Promise<RunResult> {
  return run('unshare', ['-n', 'sh', '-c', `set -e; ip link set lo up; ${script}`], options);
}
