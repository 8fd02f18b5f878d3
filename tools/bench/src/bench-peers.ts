/**
 * The peers of the end-to-end benches, all on loopback: a private nginx-rtmp (from
 * @rtmp/test-peers: chunk 4096 and chunk 128 servers, apps vod/live/record), the generated
 * media, and the built `rtmp` CLI. Prints the peer versions once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NginxPeer, startNginx, testMedia } from '@rtmp/test-peers';
import { requireGnuTime } from './measure-process.js';

/** Repository root (tools/bench/src/../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built CLI entry point. */
export const CLI_BIN = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');

/** Everything a bench needs. */
export interface BenchPeers {
  nginx: NginxPeer;
  mediaDir: string;
  small: string;
  big: string;
  bigBytes: number;
  stop(): Promise<void>;
}

/** Checks the tools exist and the CLI is built; throws with the fix otherwise. */
export function checkTools(tools: readonly string[] = ['rtmpdump', 'ffmpeg', 'nginx']): void {
  requireGnuTime();
  for (const tool of tools) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
    if (found.status !== 0) throw new Error(`${tool} is missing (see .ci/install-peers.sh)`);
  }
  if (!existsSync(CLI_BIN)) throw new Error(`${CLI_BIN} is missing: run \`pnpm build\` first`);
  for (const pkg of ['client', 'server', 'session', 'chunk'])
    if (!existsSync(join(REPO_ROOT, 'packages', pkg, 'dist', 'index.js')))
      throw new Error(`@rtmp/${pkg} is not built: run \`pnpm build\` first`);
}

/** Starts nginx-rtmp serving the generated media (big file of `seconds` s, ~1.7 MB/s). */
export async function startBenchPeers(seconds: number): Promise<BenchPeers> {
  const media = await testMedia();
  const big = await media.bigPath(seconds);
  const nginx = await startNginx({ mediaDir: media.dir });
  return {
    nginx,
    mediaDir: media.dir,
    small: media.small,
    big,
    bigBytes: statSync(big).size,
    stop: () => nginx.stop(),
  };
}

/** The pid of nginx's (single) worker process, for CPU figures from /proc. */
export function nginxWorkerPid(nginx: NginxPeer): number | undefined {
  const master = Number(readFileSync(join(nginx.prefix, 'nginx.pid'), 'utf8').trim());
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === master && /nginx/.test(stat)) return Number(entry);
    } catch {}
  }
  return undefined;
}

/** One line naming the versions measured. */
export function versionsLine(): string {
  const first = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    return `${r.stdout}${r.stderr}`.split('\n').find((l) => l.trim() !== '') ?? '?';
  };
  const rtmpdump = first('sh', ['-c', "rtmpdump -h 2>&1 | grep -m1 -i 'rtmpdump v'"]);
  const ffmpeg = first('ffmpeg', ['-version']).replace(/ Copyright.*/, '');
  const nginx = first('nginx', ['-v']);
  return `node ${process.version}; ${rtmpdump.trim()}; ${ffmpeg}; ${nginx.trim()}`;
}

/** Machine note printed with every table. */
export function machineLine(): string {
  const cpus = spawnSync('nproc', [], { encoding: 'utf8' }).stdout.trim();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  return `machine: ${cpus} shared vCPUs, load average ${load} at start; medians of alternating runs`;
}
