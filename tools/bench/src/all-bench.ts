/**
 * Every end-to-end bench in one run with one set of peers: download, publish, ttfb, scale,
 * server. `--quick` is the CI smoke mode (small file, one run each, 20 players).
 */

import { isMain, runBenches } from './bench-main.js';
import { downloadBench } from './download-bench.js';
import { publishBench } from './publish-bench.js';
import { scaleBench } from './scale-bench.js';
import { serverBench } from './server-bench.js';
import { ttfbBench } from './ttfb-bench.js';

if (isMain(import.meta.url)) {
  runBenches([downloadBench, publishBench, ttfbBench, scaleBench, serverBench]).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
