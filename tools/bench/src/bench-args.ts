/**
 * Command-line flags shared by the end-to-end benches: `--quick` (CI smoke: small file, one run
 * each), `--runs N`, `--seconds S` (length of the generated big file), `--players 100,500`.
 */

/** Parsed bench flags. */
export interface BenchArgs {
  quick: boolean;
  runs: number;
  /** Seconds of generated 720p media for the big file (~1.7 MB/s: 175 s is ~300 MB). */
  seconds: number;
  players: number[];
  /** Which nginx ports to use for downloads: 4096 and/or 128. */
  chunkSizes: number[];
}

function value(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** Parses `process.argv`-style flags. */
export function parseBenchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  const quick = argv.includes('--quick');
  const runs = Number(value(argv, '--runs') ?? (quick ? 1 : 5));
  const seconds = Number(value(argv, '--seconds') ?? (quick ? 20 : 175));
  const players = (value(argv, '--players') ?? (quick ? '20' : '100,500,1000')).split(',').map(Number);
  const chunkSizes = (value(argv, '--chunk') ?? '4096,128').split(',').map(Number);
  if (!(runs >= 1) || !(seconds >= 1) || players.some((p) => !(p >= 1)))
    throw new Error('bad flags: --runs N, --seconds S, --players N,M, --chunk 4096,128');
  return { quick, runs, seconds, players, chunkSizes };
}
