// The README's first command: `npm run demo` runs dist/demo.js — embedded server, live publish of
// the committed sample, `rtmp dump` as a child process, and a summary that must say "identical".

import { run } from '@rtmp/test-peers';
import { expect, it } from 'vitest';
import { BIN } from './support/cli.js';

it('runs the demo end to end: the downloaded file is identical to the source', async () => {
  const result = await run(process.execPath, [BIN.replace(/bin\.js$/, 'demo.js')], { timeoutMs: 60_000 });
  expect(result.stdout).toMatch(/identical to the source: yes/);
  expect(result.stdout).toMatch(/downloaded: {2}550 tags \(347 audio, 202 video\), 271613 bytes/);
  expect(result.stderr).toMatch(/Download complete: 550 tags/);
  expect(result.code).toBe(0);
}, 90_000);
