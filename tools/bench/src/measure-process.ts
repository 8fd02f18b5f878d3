/**
 * Whole-process measurement with GNU time (`/usr/bin/time -f`): wall, user and system CPU, and
 * peak RSS of the measured process, as the lab baseline figures were taken.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One measured run. */
export interface ProcessSample {
  wallS: number;
  userS: number;
  sysS: number;
  /** user + sys. */
  cpuS: number;
  /** Peak RSS, KiB. */
  rssKiB: number;
  exitCode: number;
  /** The last lines of stderr (for failure messages). */
  stderrTail: string;
  /** Killed after `timeoutMs` (exit code 124; the other figures are then NaN). */
  timedOut: boolean;
}

const TIME = '/usr/bin/time';

/**
 * The environment of measured processes: ours minus `NODE_EXTRA_CA_CERTS`. When that variable is
 * set (this lab's shell sets it for the registry proxy), Node 20 reads and parses the whole CA
 * bundle at start-up, ~45 ms of wall and CPU in every Node process, RTMP or not; a normal install
 * does not set it. The time-to-first-byte bench also shows a row with it set.
 */
export function measuredEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return { ...env, ...extra };
}

/** Throws when GNU time is missing (Debian package `time`, in .ci/install-peers.sh). */
export function requireGnuTime(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
}

/**
 * Runs `command args` under GNU time and returns what it measured. stdout goes to /dev/null
 * (the command's own `-o` is how output is written). A run still going after `timeoutMs`
 * (default 180 s; seen once: ffmpeg stalled on nginx-rtmp vod) is killed with its process group.
 */
export async function measureProcess(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcessSample> {
  const dir = mkdtempSync(join(tmpdir(), 'rtmp-bench-time-'));
  const out = join(dir, 't');
  try {
    // Own process group, so a hung tool is killed together with GNU time.
    const child = spawn(TIME, ['-f', '%e %U %S %M %x', '-o', out, command, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: options.env ?? measuredEnv(),
      detached: true,
    });
    const started = performance.now();
    let timedOut = false;
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-2000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, options.timeoutMs ?? 180_000);
    await new Promise<void>((resolve) => child.on('close', () => resolve()));
    clearTimeout(timer);
    if (timedOut)
      return {
        wallS: (performance.now() - started) / 1000,
        userS: Number.NaN,
        sysS: Number.NaN,
        cpuS: Number.NaN,
        rssKiB: Number.NaN,
        exitCode: 124,
        stderrTail: stderr.split('\n').slice(-4).join('\n'),
        timedOut: true,
      };
    const line = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('Command'))
      .pop();
    const [wall, user, sys, rss, code] = (line ?? '').split(/\s+/).map(Number);
    if (wall === undefined || Number.isNaN(wall)) throw new Error(`no timing for ${command}: ${stderr}`);
    return {
      wallS: wall,
      userS: user ?? 0,
      sysS: sys ?? 0,
      cpuS: (user ?? 0) + (sys ?? 0),
      rssKiB: rss ?? 0,
      exitCode: code ?? -1,
      stderrTail: stderr.split('\n').slice(-4).join('\n'),
      timedOut: false,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU seconds (user+sys) a running process has used so far, from /proc (0 when gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] = utime, fields[12] = stime (0-based after the comm field), in clock ticks.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Resident set size of a running process, KiB (0 when gone). */
export function processRssKiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
