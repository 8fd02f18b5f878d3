/**
 * Running peer programs with a deadline: every child is killed when its timeout passes, and
 * background children are tracked so a crashed test leaves nothing running.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

/** The outcome of {@link run}. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the process was killed because its timeout passed. */
  timedOut: boolean;
}

/** Options for {@link run}. */
export interface RunOptions extends SpawnOptions {
  /** Kill (SIGKILL after SIGTERM grace) after this many ms; default 60 s. */
  timeoutMs?: number;
  /** Bytes written to stdin, then stdin is closed. */
  input?: string | Uint8Array;
}

/** Runs a program to completion (or its timeout) and collects its output as text. */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { timeoutMs = 60_000, input, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...spawnOptions });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 2000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    if (input !== undefined) child.stdin?.end(input);
    else child.stdin?.end();
  });
}

const background = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts a long-running child that is killed when the test process exits. */
export function spawnBackground(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  background.add(child);
  child.on('exit', () => background.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of background) c.kill('SIGKILL');
    });
  }
  return child;
}

/** Sends SIGTERM, waits up to `graceMs`, then SIGKILL; resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
