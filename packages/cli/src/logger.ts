/**
 * Where the CLI talks to people and machines: plain lines on stderr (quiet/verbose/debug as
 * rtmpdump's -q/-V/-z), or JSON status lines (`--json`), one object per line on stderr, so stdout
 * stays free for FLV bytes (`-o -`).
 */

/** How much to say. */
export type LogLevel = 'quiet' | 'normal' | 'verbose' | 'debug';

/** The CLI's output channel. */
export class Logger {
  constructor(
    readonly level: LogLevel,
    readonly json: boolean,
    private readonly stream: NodeJS.WritableStream = process.stderr,
  ) {}

  /** A normal message (suppressed by -q and in JSON mode). */
  info(message: string): void {
    if (this.level !== 'quiet' && !this.json) this.stream.write(`${message}\n`);
  }

  /** Shown with -V or -z. */
  verbose(message: string): void {
    if ((this.level === 'verbose' || this.level === 'debug') && !this.json) this.stream.write(`${message}\n`);
  }

  /** Shown with -z. */
  debug(message: string): void {
    if (this.level === 'debug' && !this.json) this.stream.write(`DEBUG: ${message}\n`);
  }

  /** An error line (always shown; a JSON object in JSON mode). */
  error(message: string, fields: Record<string, unknown> = {}): void {
    if (this.json) this.event('error', { message, ...fields });
    else this.stream.write(`rtmp: error: ${message}\n`);
  }

  /** A warning line (not with -q). */
  warn(message: string): void {
    if (this.json) this.event('warning', { message });
    else if (this.level !== 'quiet') this.stream.write(`rtmp: warning: ${message}\n`);
  }

  /** A machine-readable status line (only in JSON mode). */
  event(name: string, fields: Record<string, unknown>): void {
    if (this.json)
      this.stream.write(`${JSON.stringify({ event: name, time: new Date().toISOString(), ...fields })}\n`);
  }
}
