/**
 * The soak's memory bounds (RELIABILITY.md "Soak"): growth of the process's heap and RSS between
 * the first and the last minute of a run (after one warm-up sample).
 */
export const SOAK_BOUNDS = { heapGrowthMiB: 16, rssGrowthMiB: 48 } as const;
