/**
 * `rtmp serve [--host] [--port] [--root DIR] [--rtmpt-port]`: runs the embedded server
 * (@rtmp/server) in the foreground until Ctrl-C — VOD from a directory, live relay, RTMPT.
 */

import type { Command } from 'commander';
import { ExitCode } from './exit-codes.js';
import { Logger } from './logger.js';

interface ServeFlags {
  host: string;
  port: number;
  root: string;
  rtmptPort?: number;
  quiet?: boolean;
  verbose?: boolean;
  json?: boolean;
}

/** Adds `serve` to the program. */
export function registerServe(
  program: Command,
  signal: AbortSignal,
  setExitCode: (code: number) => void,
): void {
  program
    .command('serve')
    .description('run the embedded RTMP server (VOD from a directory, live relay, RTMPT)')
    .option('--host <host>', 'address to listen on (loopback unless you say otherwise)', '127.0.0.1')
    .option('--port <port>', 'RTMP port', (v) => Number(v), 1935)
    .option('--root <dir>', 'directory of FLV files to serve as VOD', '.')
    .option('--rtmpt-port <port>', 'also answer RTMPT (HTTP tunnelling) on this port', (v) => Number(v))
    .option('-q, --quiet', 'suppress messages')
    .option('-V, --verbose', 'log every connection and stream')
    .option('--json', 'JSON status lines on stderr')
    .action(async (flags: ServeFlags) => {
      const logger = new Logger(
        flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal',
        flags.json === true,
      );
      // Loaded here so `rtmp dump` does not pay for the server's modules at startup.
      const { createRtmpServer } = await import('@rtmp/server');
      const server = createRtmpServer({
        root: flags.root,
        ...(flags.rtmptPort !== undefined ? { rtmpt: { port: flags.rtmptPort, host: flags.host } } : {}),
      });
      server.on('connection', (info) =>
        logger.verbose(`connection ${info.connectionId} from ${info.remoteAddress ?? '?'}`),
      );
      server.on('play', (info) => {
        logger.verbose(`play ${info.app}/${info.name} (connection ${info.connectionId})`);
        logger.event('play', { ...info });
      });
      server.on('publish', (info) => {
        logger.info(`publish ${info.app}/${info.name}`);
        logger.event('publish', { ...info });
      });
      server.on('unpublish', (info) => logger.verbose(`unpublish ${info.app}/${info.name}`));
      server.on('warning', (warning) => logger.verbose(`warning: ${warning.message} [${warning.code}]`));
      const address = await server.listen({ host: flags.host, port: flags.port });
      logger.info(
        `rtmp://${address.host}:${address.port}/  (VOD from ${flags.root}${address.rtmptPort ? `; RTMPT on http://${address.host}:${address.rtmptPort}/` : ''}) — Ctrl-C stops`,
      );
      logger.event('listening', { ...address, root: flags.root });
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      logger.info('server stopped');
      setExitCode(ExitCode.Success);
    });
}
