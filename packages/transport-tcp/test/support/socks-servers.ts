// Interop support: real SOCKS servers on 127.0.0.1 — microsocks (SOCKS5, no-auth or user/pass)
// and Dante's danted (SOCKS4 + SOCKS5) — started on a free port and stopped by PID.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, waitForPort } from '@rtmp/test-peers';

export interface RunningProxy {
  port: number;
  stop(): Promise<void>;
}

/** True when `program` is on PATH. */
export function programAvailable(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** The interop rule: a missing program fails in CI, skips loudly elsewhere. */
export function requireProgram(ctx: { skip(note?: string): void }, ...programs: string[]): void {
  const missing = programs.filter((p) => !programAvailable(p));
  if (missing.length === 0) return;
  const message = `interop peer(s) missing: ${missing.join(', ')} — apt-get install microsocks dante-server curl`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n!!! SKIPPED: ${message}\n`);
  ctx.skip(message);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

async function started(child: ChildProcess, port: number): Promise<RunningProxy> {
  child.on('error', () => {});
  await waitForPort(port, 10_000);
  return { port, stop: () => stopChild(child) };
}

/** microsocks on 127.0.0.1 (SOCKS5; with credentials it requires RFC 1929 auth). */
export async function startMicrosocks(credentials?: {
  username: string;
  password: string;
}): Promise<RunningProxy> {
  const [port] = (await freePorts(1)) as [number];
  const args = ['-i', '127.0.0.1', '-p', String(port)];
  if (credentials) args.push('-u', credentials.username, '-P', credentials.password);
  return started(spawn('microsocks', args, { stdio: 'ignore' }), port);
}

/** Dante's danted in the foreground on 127.0.0.1 (SOCKS4 and SOCKS5, no authentication). */
export async function startDante(): Promise<RunningProxy> {
  const [port] = (await freePorts(1)) as [number];
  const dir = mkdtempSync(join(tmpdir(), 'rtmp-dante-'));
  const unprivileged = process.getuid?.() === 0 ? 'user.privileged: root\nuser.unprivileged: nobody\n' : '';
  const conf = `logoutput: ${join(dir, 'danted.log')}
internal: 127.0.0.1 port = ${port}
external: 127.0.0.1
socksmethod: none
clientmethod: none
${unprivileged}client pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
}
socks pass {
  from: 127.0.0.0/8 to: 0.0.0.0/0
  command: connect
}
`;
  writeFileSync(join(dir, 'danted.conf'), conf);
  // -N 1: one worker process; -d 0: no debug. danted stays in the foreground without -D.
  const child = spawn('danted', ['-f', join(dir, 'danted.conf'), '-p', join(dir, 'danted.pid'), '-N', '1'], {
    stdio: 'ignore',
  });
  return started(child, port);
}
