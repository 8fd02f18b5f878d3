/**
 * Statistics and table printing for the end-to-end benches: medians with min-max spreads
 * (the machine is shared and noisy, so medians and same-run ratios are what the figures mean).
 */

/** Median, minimum and maximum of a sample. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median/min/max of `values` (NaN fields for an empty sample). */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

/** `median (min-max)` with `digits` decimals. */
export function fmtSpread(s: Spread, digits = 2): string {
  if (s.n === 0) return 'n/a';
  if (s.n === 1) return s.median.toFixed(digits);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}-${s.max.toFixed(digits)})`;
}

/** `a / b` as `1.23x` (or `n/a`). */
export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return 'n/a';
  return `${(a / b).toFixed(2)}x`;
}

/** A Markdown table. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

const failures: string[] = [];

/**
 * Records a correctness failure (content differs, tags lost, a peer failed): the bench still
 * prints its report, then exits with status 1. Speed targets are reported, never failures.
 */
export function recordFailure(message: string): void {
  failures.push(message);
}

/** The correctness failures recorded so far. */
export function recordedFailures(): readonly string[] {
  return failures;
}

/** "met" / "NOT met" for a target check. */
export function verdict(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}
