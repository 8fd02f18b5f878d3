/**
 * `rtmp dump` option parsing: rtmpdump's options with the same short and long names, meanings
 * and units (rtmpdump(1); protocol.md §10), mapped onto `connect()` options and a DumpConfig.
 */

import {
  type ConnectOptions,
  RTMP_PROTOCOLS,
  type RtmpConnectionParams,
  type RtmpProtocol,
  rtmpProtocolFromNumber,
} from '@rtmp/client';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { Logger, type LogLevel } from '../logger.js';
import { progressMode } from '../progress.js';
import { applyRtmpdumpTcUrl } from './rtmpdump-tc-url.js';
import type { DumpConfig } from './run-dump.js';

const collect = (value: string, previous: string[]) => [...previous, value];
const integer = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number`);
  return n;
};

function protocolNumber(value: number): RtmpProtocol {
  const protocol = rtmpProtocolFromNumber(value);
  if (!protocol) throw new Error(`--protocol ${value} is not one of 0-5`);
  return protocol;
}

/** Adds rtmpdump's connection options (shared by dump and info). */
export function addConnectionOptions(command: Command): Command {
  return command
    .option('-r, --rtmp <url>', 'URL (e.g. rtmp://host[:port]/path), with librtmp options after it')
    .option('-n, --host <host>', 'overrides the hostname in the URL')
    .option('-c, --port <port>', 'overrides the port in the URL', integer('port'))
    .option(
      '-l, --protocol <num>',
      `overrides the protocol in the URL (${Object.entries(RTMP_PROTOCOLS)
        .map(([name, p]) => `${p.number} ${name}`)
        .join(', ')})`,
      integer('protocol'),
    )
    .option('-S, --socks <host:port>', 'use the specified SOCKS proxy')
    .option('-a, --app <app>', 'name of the target application on the server')
    .option('-t, --tcUrl <url>', 'URL to the played stream (default: rtmp[t][e|s]://host[:port]/app)')
    .option('-p, --pageUrl <url>', 'web URL of the embedding page')
    .option('-s, --swfUrl <url>', 'URL of the SWF player for the media')
    .option('-f, --flashVer <string>', 'Flash version string (default "LNX 10,0,32,18")')
    .option('-u, --auth <string>', 'authentication string appended to the connect message')
    .option(
      '-C, --conn <type:data>',
      'arbitrary AMF data appended to connect (B:, N:, S:, O:, Z:, NB:name:...)',
      collect,
      [],
    )
    .option('-y, --playpath <path>', 'overrides the playpath parsed from the URL')
    .option('-Y, --playlist', 'set the playlist before playing')
    .option('-v, --live', 'the stream is live; no resuming or seeking')
    .option('-d, --subscribe <stream>', 'stream name to subscribe to (default: the playpath)')
    .option(
      '-A, --start <seconds>',
      'start at this many seconds into the stream (not with --live)',
      integer('start'),
    )
    .option('-B, --stop <seconds>', 'stop at this many seconds into the stream', integer('stop'))
    .option('-b, --buffer <ms>', 'buffer time in milliseconds (default 36000000)', integer('buffer'))
    .option('-m, --timeout <seconds>', 'timeout without data, seconds (default 30)', integer('timeout'))
    .option('-T, --token <key>', 'key for SecureToken response')
    .option('-j, --jtv <token>', 'authentication token for Justin.tv legacy servers')
    .option('-w, --swfhash <hexstring>', 'SHA256 hash of the decompressed SWF file (32 bytes)')
    .option(
      '-x, --swfsize <num>',
      'size of the decompressed SWF file, required with --swfhash',
      integer('swfsize'),
    )
    .option(
      '-W, --swfVfy <url>',
      'URL of the SWF player: fetch it and compute hash and size (also sets swfUrl)',
    )
    .option(
      '-X, --swfAge <days>',
      'days before the cached SWF information is refetched (default 30)',
      integer('swfAge'),
    )
    .option('-q, --quiet', 'suppress all messages')
    .option('-V, --verbose', 'verbose messages')
    .option('-z, --debug', 'debug messages')
    .option('--json', 'JSON status lines on stderr (for programs)')
    .option(
      '--handshake <mode>',
      'handshake flavour: plain, digest (default) or rtmpe (default for rtmpe:// URLs)',
    )
    .option(
      '--rtmpe-type <type>',
      'RTMPE handshake type: 6 (default), 8 (XTEA) or 9 (Blowfish)',
      integer('rtmpe-type'),
    )
    .addOption(new Option('--ca <file>', 'trust this CA certificate (PEM) for rtmps').hideHelp(false))
    .option('--insecure', 'do not verify the server certificate for rtmps');
}

/** Options as commander hands them over. */
export interface RawConnectionFlags {
  rtmp?: string;
  host?: string;
  port?: number;
  protocol?: number;
  socks?: string;
  app?: string;
  tcUrl?: string;
  pageUrl?: string;
  swfUrl?: string;
  flashVer?: string;
  auth?: string;
  conn: string[];
  playpath?: string;
  playlist?: boolean;
  live?: boolean;
  subscribe?: string;
  start?: number;
  stop?: number;
  buffer?: number;
  timeout?: number;
  token?: string;
  jtv?: string;
  swfhash?: string;
  swfsize?: number;
  swfVfy?: string;
  swfAge?: number;
  quiet?: boolean;
  verbose?: boolean;
  debug?: boolean;
  json?: boolean;
  ca?: string;
  insecure?: boolean;
  handshake?: string;
  rtmpeType?: number;
}

/** The logger the flags ask for. */
export function loggerFor(flags: RawConnectionFlags): Logger {
  const level: LogLevel = flags.quiet
    ? 'quiet'
    : flags.debug
      ? 'debug'
      : flags.verbose
        ? 'verbose'
        : 'normal';
  return new Logger(level, flags.json === true);
}

/**
 * The URL and connect() options the flags describe. Without `-r`, the URL is built from
 * `-l`/`-n`/`-c`/`-a`/`-y` as rtmpdump does.
 * @throws {Error} with a message for people, when the flags contradict each other.
 */
export async function connectionFrom(
  flags: RawConnectionFlags,
  logger: Logger,
): Promise<{ url: string; options: ConnectOptions }> {
  const params: Partial<RtmpConnectionParams> = {};
  let url = flags.rtmp;
  if (!url) {
    if (!flags.host) throw new Error('give a URL with -r, or at least a host with -n');
    const protocol = protocolNumber(flags.protocol ?? 0);
    url = `${protocol}://${flags.host.includes(':') ? `[${flags.host}]` : flags.host}${flags.port ? `:${flags.port}` : ''}/${flags.app ?? ''}`;
  } else {
    if (flags.host) params.host = flags.host;
    if (flags.port !== undefined) params.port = flags.port;
    if (flags.protocol !== undefined) params.protocol = protocolNumber(flags.protocol);
  }
  if (flags.app !== undefined) params.app = flags.app;
  if (flags.tcUrl !== undefined) params.tcUrl = flags.tcUrl;
  if (flags.pageUrl !== undefined) params.pageUrl = flags.pageUrl;
  if (flags.swfUrl !== undefined) params.swfUrl = flags.swfUrl;
  if (flags.flashVer !== undefined) params.flashVer = flags.flashVer;
  if (flags.conn.length > 0) params.conn = flags.conn;
  if (flags.playpath !== undefined) params.playpath = flags.playpath;
  if (flags.playlist) params.playlist = true;
  if (flags.live) params.live = true;
  if (flags.subscribe !== undefined) params.subscribe = flags.subscribe;
  if (flags.start !== undefined) params.start = Math.round(flags.start * 1000);
  if (flags.stop !== undefined) params.stop = Math.round(flags.stop * 1000);
  if (flags.buffer !== undefined) params.buffer = flags.buffer;
  if (flags.timeout !== undefined) params.timeout = flags.timeout;
  if (flags.token !== undefined) params.token = flags.token;
  if (flags.jtv !== undefined) params.jtv = flags.jtv;
  if (flags.swfAge !== undefined) params.swfAge = flags.swfAge;
  if (flags.socks !== undefined) {
    const [host, port] = flags.socks.split(':');
    params.socks = { host: host ?? '', port: port ? Number(port) : 1080 };
  }
  if (flags.swfVfy !== undefined) {
    params.swfUrl = flags.swfVfy;
    params.swfVfy = true;
  }
  if (flags.tcUrl === undefined) applyRtmpdumpTcUrl(url, params, logger);
  const options: ConnectOptions = { params };
  if (flags.handshake !== undefined) {
    if (flags.handshake !== 'plain' && flags.handshake !== 'digest' && flags.handshake !== 'rtmpe')
      throw new Error('--handshake must be plain, digest or rtmpe');
    options.handshake = flags.handshake;
  }
  if (flags.rtmpeType !== undefined) {
    if (flags.rtmpeType !== 6 && flags.rtmpeType !== 8 && flags.rtmpeType !== 9)
      throw new Error('--rtmpe-type must be 6, 8 or 9');
    options.rtmpeType = flags.rtmpeType;
  }
  if (flags.auth !== undefined) options.auth = flags.auth;
  if (flags.swfhash !== undefined || flags.swfsize !== undefined || flags.swfVfy) {
    // Loaded only when asked for: it brings zlib and the SWF cache (start-up time, see BENCHMARKS.md).
    const { swfVerificationFor } = await import('./swf-verify.js');
    const swf = await swfVerificationFor(flags, logger);
    if (swf) options.swfVerification = swf;
  }
  if (flags.ca || flags.insecure) {
    const { readFileSync } = await import('node:fs');
    options.tls = {
      ...(flags.ca ? { ca: readFileSync(flags.ca) } : {}),
      ...(flags.insecure ? { rejectUnauthorized: false } : {}),
    };
  }
  return { url, options };
}

/** Flags of `rtmp dump` beyond the connection ones. */
export interface RawDumpFlags extends RawConnectionFlags {
  flv?: string;
  resume?: boolean;
  skip?: number;
  realtime?: boolean;
  hashes?: boolean;
}

/** Defines `rtmp dump`. */
export function addDumpOptions(command: Command): Command {
  return addConnectionOptions(command)
    .option('-o, --flv <file>', 'FLV output file, "-" for stdout (default: stdout)')
    .option('-e, --resume', 'resume a partial download of the output file')
    .option(
      '-k, --skip <num>',
      'skip this many keyframes when looking for the resume point',
      integer('skip'),
      0,
    )
    .option('-R, --realtime', 'do not speed up the download with the pause/unpause (BUFX) trick')
    .option('-#, --hashes', 'show progress as # marks');
}

/** Builds the DumpConfig from parsed flags. */
export async function dumpConfigFrom(
  flags: RawDumpFlags,
  signal: AbortSignal | undefined,
): Promise<DumpConfig> {
  const logger = loggerFor(flags);
  const { url, options } = await connectionFrom(flags, logger);
  if (flags.realtime) options.bufferEmptyTrick = false;
  const output = flags.flv ?? '-';
  return {
    url,
    connect: options,
    output,
    resume: flags.resume === true,
    skipKeyframes: flags.skip ?? 0,
    stopMs: flags.stop !== undefined ? Math.round(flags.stop * 1000) : undefined,
    progress: progressMode({
      quiet: flags.quiet === true,
      hashes: flags.hashes === true,
      json: flags.json === true,
    }),
    logger,
    signal,
  };
}
