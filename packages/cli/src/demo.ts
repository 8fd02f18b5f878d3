/**
 * The main job, one command away (`npm run demo`): starts the embedded server, publishes the
 * committed sample FLV live with the client, downloads it with `rtmp dump` (a real child process,
 * showing its progress), and prints a summary: tags, bytes, duration, identical to the source.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlvDemuxer } from '@rtmp/flv';
import { createRtmpServer } from '@rtmp/server';
import { Logger } from './logger.js';
import { progressMode } from './progress.js';
import { runPublish } from './publish-command.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const sample = join(here, '..', 'assets', 'sample.flv');
const bin = join(here, 'bin.js');

interface TagSummary {
  tags: number;
  audio: number;
  video: number;
  durationMs: number;
  keys: string[];
}

function summarize(bytes: Uint8Array): TagSummary {
  const demuxer = new FlvDemuxer();
  const summary: TagSummary = { tags: 0, audio: 0, video: 0, durationMs: 0, keys: [] };
  for (const tag of demuxer.push(bytes)) {
    summary.tags++;
    if (tag.type === 8) summary.audio++;
    if (tag.type === 9) summary.video++;
    if (tag.type !== 18) summary.durationMs = Math.max(summary.durationMs, tag.timestamp);
    summary.keys.push(`${tag.type}:${tag.timestamp}:${Buffer.from(tag.data).toString('base64')}`);
  }
  demuxer.end();
  return summary;
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'rtmp-demo-'));
  const output = join(work, 'downloaded.flv');
  const server = createRtmpServer({ root: join(here, '..', 'assets') });
  const address = await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `rtmp://127.0.0.1:${address.port}/live/demo`;
  process.stderr.write(`1. embedded server listening on rtmp://127.0.0.1:${address.port}/\n`);

  process.stderr.write(`2. rtmp dump -v -r ${url} -o ${output}\n`);
  const dump = spawn(process.execPath, [bin, 'dump', '-v', '-r', url, '-o', output], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const dumpExit = new Promise<number>((resolve) => dump.on('exit', (code) => resolve(code ?? 1)));
  // The player is attached before the publisher starts, so it receives every tag.
  const played = new Promise<void>((resolve) => server.once('play', () => resolve()));
  await Promise.race([played, dumpExit]);

  process.stderr.write(`3. publishing ${sample} live (paced like ffmpeg -re)\n`);
  const logger = new Logger('quiet', false);
  const published = await runPublish({
    file: sample,
    url,
    realtime: true,
    loop: false,
    type: 'live',
    logger,
    progress: progressMode({ quiet: false, hashes: false, json: false }),
  });
  const dumpCode = await dumpExit;
  await server.close();

  const source = summarize(readFileSync(sample));
  let downloaded: TagSummary | undefined;
  try {
    downloaded = summarize(readFileSync(output));
  } catch {
    downloaded = undefined;
  }
  const identical =
    downloaded !== undefined &&
    downloaded.keys.length === source.keys.length &&
    downloaded.keys.every((k, i) => k === source.keys[i]);
  const bytes = downloaded ? readFileSync(output).length : 0;
  process.stdout.write(
    [
      '',
      'summary',
      `  published:   ${published.tags} tags (exit ${published.exitCode})`,
      `  downloaded:  ${downloaded?.tags ?? 0} tags (${downloaded?.audio ?? 0} audio, ${downloaded?.video ?? 0} video), ${bytes} bytes, ${((downloaded?.durationMs ?? 0) / 1000).toFixed(2)} s (rtmp dump exit ${dumpCode})`,
      `  source:      ${source.tags} tags (${source.audio} audio, ${source.video} video), ${readFileSync(sample).length} bytes, ${(source.durationMs / 1000).toFixed(2)} s`,
      `  identical to the source: ${identical ? 'yes' : 'no'}`,
      `  file:        ${output}`,
      '',
    ].join('\n'),
  );
  return identical && published.exitCode === 0 && dumpCode === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
