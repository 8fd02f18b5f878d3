/**
 * `rtmp serve [--port] [--root DIR] [--rtmpt-port]`: runs the embedded server (@rtmp/server) in
 * the foreground until Ctrl-C.
 */
import type { Command } from 'commander';
import { ExitCode } from './exit-codes.js';

/** Adds `serve` to the program. */
export function registerServe(
  program: Command,
  signal: AbortSignal,
  setExitCode: (code: number) => void,
): void {
  program
    .command('serve')
    .description('run the embedded RTMP server (VOD from a directory, live relay, RTMPT)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'RTMP port', (v) => Number(v), 1935)
    .option('--root <dir>', 'directory of FLV files to serve as VOD', '.')
    .option('--rtmpt-port <port>', 'also answer RTMPT (HTTP tunnelling) on this port', (v) => Number(v))
    .action(async () => {
      setExitCode(ExitCode.Failed);
      throw new Error(`serve is not available yet${signal.aborted ? '' : ''}`);
    });
}
