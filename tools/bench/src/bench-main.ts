/**
 * Shared entry-point plumbing of the end-to-end benches: parse flags, check the tools, start the
 * peers, run, print Markdown, always stop the peers.
 */
import { pathToFileURL } from 'node:url';
import { type BenchArgs, parseBenchArgs } from './bench-args.js';
import { type BenchPeers, checkTools, machineLine, startBenchPeers, versionsLine } from './bench-peers.js';
import { recordedFailures } from './bench-stats.js';

/** A bench: peers in, Markdown out. */
export type Bench = (args: BenchArgs, peers: BenchPeers) => Promise<string>;

/** True when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  return script !== undefined && moduleUrl === pathToFileURL(script).href;
}

/** Runs benches in order with one set of peers and prints their reports. */
export async function runBenches(benches: readonly Bench[], argv = process.argv.slice(2)): Promise<void> {
  const args = parseBenchArgs(argv);
  checkTools();
  const peers = await startBenchPeers(args.seconds);
  const stopAll = () => {
    void peers.stop();
  };
  process.once('SIGINT', stopAll);
  try {
    console.log(`<!-- ${versionsLine()} -->`);
    console.log(
      `_${machineLine()}; big file ${(peers.bigBytes / 1e6).toFixed(1)} MB; runs ${args.runs}${args.quick ? ' (quick)' : ''}_\n`,
    );
    for (const bench of benches) console.log(`${await bench(args, peers)}\n`);
  } finally {
    process.off('SIGINT', stopAll);
    await peers.stop();
  }
  const failures = recordedFailures();
  if (failures.length > 0) {
    console.error(`correctness failures:\n- ${failures.join('\n- ')}`);
    process.exitCode = 1;
  }
}

/** Runs one bench as a script, setting the exit code on failure. */
export function mainOf(bench: Bench, moduleUrl: string): void {
  if (!isMain(moduleUrl)) return;
  runBenches([bench]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
