/**
 * The `rtmp` command line: `dump` (rtmpdump-compatible), `publish`, `info`, `url`, `serve`.
 * `rtmp -r URL ...` without a command name runs `dump`, so rtmpdump command lines work as they are.
 */

import { resolveRtmpUrl } from '@rtmp/client';
import { Command } from 'commander';
import {
  addConnectionOptions,
  addDumpOptions,
  connectionFrom,
  dumpConfigFrom,
  loggerFor,
  type RawConnectionFlags,
  type RawDumpFlags,
} from './dump/dump-command.js';
import { runDump } from './dump/run-dump.js';
import { ExitCode } from './exit-codes.js';
import { formatError } from './format-error.js';
import { Logger } from './logger.js';
import { progressMode } from './progress.js';
import { registerServe } from './serve-command.js';

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const args =
    argv.length > 0 &&
    argv[0]?.startsWith('-') &&
    argv[0] !== '-h' &&
    argv[0] !== '--help' &&
    argv[0] !== '--version'
      ? ['dump', ...argv]
      : [...argv];
  let exitCode: number = ExitCode.Success;
  const stop = new AbortController();
  const onSignal = () => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const program = new Command('rtmp')
    .description(
      'RTMP client tools: rtmpdump-compatible download, publish, info, URL resolution, and an embedded server',
    )
    .version('0.0.0', '--version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  addDumpOptions(
    program.command('dump').description('download a stream to an FLV file (rtmpdump options)'),
  ).action(async (flags: RawDumpFlags) => {
    const config = await dumpConfigFrom(flags, stop.signal);
    exitCode = (await runDump(config)).exitCode;
  });

  program
    .command('publish')
    .description('publish an FLV file (like ffmpeg -re -i FILE -c copy -f flv URL)')
    .argument('<file>', 'FLV file')
    .argument('<url>', 'RTMP URL ending with the stream name')
    .option('-R, --realtime', 'pace by timestamps (ffmpeg -re)')
    .option('--loop', 'publish the file again and again until stopped')
    .option('--type <type>', 'live, record or append', 'live')
    .option('-q, --quiet', 'suppress messages')
    .option('-V, --verbose', 'verbose messages')
    .option('--json', 'JSON status lines on stderr')
    .action(
      async (
        file: string,
        url: string,
        flags: {
          realtime?: boolean;
          loop?: boolean;
          type: string;
          quiet?: boolean;
          verbose?: boolean;
          json?: boolean;
        },
      ) => {
        const logger = new Logger(
          flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
          flags.json === true,
        );
        if (flags.type !== 'live' && flags.type !== 'record' && flags.type !== 'append')
          throw new Error('--type must be live, record or append');
        const { runPublish } = await import('./publish-command.js');
        const result = await runPublish({
          file,
          url,
          realtime: flags.realtime === true,
          loop: flags.loop === true,
          type: flags.type,
          logger,
          progress: progressMode({ quiet: flags.quiet === true, hashes: false, json: flags.json === true }),
          signal: stop.signal,
        });
        exitCode = result.exitCode;
      },
    );

  addConnectionOptions(
    program
      .command('info')
      .description('connect, play briefly, and show the connect reply, metadata and codecs')
      .argument('[url]', 'RTMP URL (or use -r)'),
  )
    .option('--wait <ms>', 'how long to wait for media', (v) => Number(v), 5000)
    .action(async (url: string | undefined, flags: RawConnectionFlags & { wait: number }) => {
      const logger = loggerFor(flags);
      const target = await connectionFrom({ ...flags, ...(url ? { rtmp: url } : {}) }, logger);
      const { formatInfo, runInfo } = await import('./info-command.js');
      const { exitCode: code, info } = await runInfo(
        target.url,
        { ...target.options, signal: stop.signal },
        logger,
        flags.wait,
      );
      if (info) process.stdout.write(flags.json ? `${JSON.stringify(info, null, 2)}\n` : formatInfo(info));
      exitCode = code;
    });

  program
    .command('url')
    .description('resolve RTMP URLs (with librtmp options) into connection parameters')
    .argument('<url...>', 'URL, optionally followed by librtmp options (live=1 app=... conn=S:x)')
    .option('--json', 'print JSON')
    .action((parts: string[], flags: { json?: boolean }) => {
      const params = resolveRtmpUrl(parts.join(' '));
      if (flags.json) process.stdout.write(`${JSON.stringify(params, null, 2)}\n`);
      else
        for (const [k, v] of Object.entries(params))
          process.stdout.write(`${k.padEnd(10)} ${JSON.stringify(v)}\n`);
    });

  registerServe(program, stop.signal, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      return ExitCode.Success;
    if (typeof code === 'string' && code.startsWith('commander.')) return ExitCode.Failed;
    new Logger('normal', false).error(formatError(error));
    return ExitCode.Failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return exitCode;
}
