// Unit tests of the CLI's option mapping and output helpers (no network, no build): rtmpdump's
// units (seconds → ms for -A/-B, ms for -b, seconds for -m; rtmpdump(1)), the tcUrl form rtmpdump
// sends (rtmpdump 2.4 `-z` prints `tcUrl : rtmpt://127.0.0.1:80/app` for rtmpt://127.0.0.1/app/s),
// progress mode choice, logger levels and JSON lines, one-line errors, `-#` marks.
import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';
import { connectionFrom, dumpConfigFrom, type RawDumpFlags } from '../src/dump/dump-command.js';
import { applyRtmpdumpTcUrl } from '../src/dump/rtmpdump-tc-url.js';
import { formatError } from '../src/format-error.js';
import { Logger } from '../src/logger.js';
import { Progress, progressMode } from '../src/progress.js';

function sink() {
  const lines: string[] = [];
  const stream = {
    write(chunk: string) {
      lines.push(chunk);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { lines, stream, text: () => lines.join('') };
}

const quiet = new Logger('quiet', false, sink().stream);
const base: RawDumpFlags = { rtmp: 'rtmp://127.0.0.1:1935/vod/clip', conn: [] };

describe('connectionFrom: every rtmpdump option lands in the connect parameters', () => {
  it.each<[string, Partial<RawDumpFlags>, Record<string, unknown>]>([
    ['-n', { host: 'other' }, { host: 'other' }],
    ['-c', { port: 1940 }, { port: 1940 }],
    ['-l 2', { protocol: 2 }, { protocol: 'rtmpe' }],
    ['-a', { app: 'a/b' }, { app: 'a/b' }],
    ['-t', { tcUrl: 'rtmp://x/y' }, { tcUrl: 'rtmp://x/y' }],
    ['-p', { pageUrl: 'http://p/' }, { pageUrl: 'http://p/' }],
    ['-s', { swfUrl: 'http://s/' }, { swfUrl: 'http://s/' }],
    ['-f', { flashVer: 'WIN 1,2,3,4' }, { flashVer: 'WIN 1,2,3,4' }],
    ['-C', { conn: ['S:a', 'N:1'] }, { conn: ['S:a', 'N:1'] }],
    ['-y', { playpath: 'mp4:x' }, { playpath: 'mp4:x' }],
    ['-Y', { playlist: true }, { playlist: true }],
    ['-v', { live: true }, { live: true }],
    ['-d', { subscribe: 'sub' }, { subscribe: 'sub' }],
    ['-A 1.25 (seconds → ms)', { start: 1.25 }, { start: 1250 }],
    ['-B 7 (seconds → ms)', { stop: 7 }, { stop: 7000 }],
    ['-b (ms)', { buffer: 500 }, { buffer: 500 }],
    ['-m (seconds)', { timeout: 9 }, { timeout: 9 }],
    ['-T', { token: 'key' }, { token: 'key' }],
    ['-j', { jtv: 'j' }, { jtv: 'j' }],
    ['-X', { swfAge: 3 }, { swfAge: 3 }],
    ['-S host:port', { socks: 'proxy:1081' }, { socks: { host: 'proxy', port: 1081 } }],
    ['-S host (port 1080)', { socks: 'proxy' }, { socks: { host: 'proxy', port: 1080 } }],
  ])('%s', async (_label, flags, expected) => {
    const { options } = await connectionFrom({ ...base, ...flags }, quiet);
    expect(options.params).toMatchObject(expected);
  });

  it('-u goes to the connect auth, -w/-x to the SWF verification answer, -R turns the BUFX trick off', async () => {
    const hash = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
    const config = await dumpConfigFrom(
      { ...base, auth: 'secret', swfhash: hash, swfsize: 99, realtime: true, stop: 2, skip: 3 },
      undefined,
    );
    expect(config.connect.auth).toBe('secret');
    expect(Buffer.from(config.connect.swfVerification!.hash).toString('hex')).toBe(hash);
    expect(config.connect.swfVerification!.size).toBe(99);
    expect(config.connect.bufferEmptyTrick).toBe(false);
    expect(config).toMatchObject({ output: '-', stopMs: 2000, skipKeyframes: 3, resume: false });
  });

  it('-W sets swfUrl and swfVfy (the fetch happens only when hashing is needed)', async () => {
    const flags = { ...base, swfVfy: 'http://127.0.0.1:1/p.swf' };
    // The fetch fails (nothing listens on port 1): the error is a plain one-line message.
    await expect(connectionFrom(flags, quiet)).rejects.toThrow(/fetch failed|ECONNREFUSED|HTTP/);
  });

  it('without -r, builds the URL from -l/-n/-c/-a as rtmpdump does; refuses bad combinations', async () => {
    const built = await connectionFrom({ conn: [], host: 'h', port: 1999, protocol: 1, app: 'app' }, quiet);
    expect(built.url).toBe('rtmpt://h:1999/app');
    const v6 = await connectionFrom({ conn: [], host: '::1', app: 'a' }, quiet);
    expect(v6.url).toBe('rtmp://[::1]/a');
    await expect(connectionFrom({ conn: [] }, quiet)).rejects.toThrow(/-r|-n/);
    await expect(connectionFrom({ ...base, protocol: 9 }, quiet)).rejects.toThrow(/0-5/);
    await expect(connectionFrom({ ...base, swfhash: 'zz', swfsize: 1 }, quiet)).rejects.toThrow(/64 hex/);
    await expect(connectionFrom({ ...base, swfhash: 'a'.repeat(64) }, quiet)).rejects.toThrow(/--swfsize/);
  });
});

describe('applyRtmpdumpTcUrl: tcUrl as rtmpdump sends it', () => {
  it.each([
    ['rtmp://127.0.0.1/app/s', 'rtmp://127.0.0.1:1935/app'],
    ['rtmpt://127.0.0.1/app/s', 'rtmpt://127.0.0.1:80/app'],
    ['rtmps://127.0.0.1/app/s', 'rtmps://127.0.0.1:443/app'],
    ['rtmp://127.0.0.1:1/app/inst/mp4:dir/file.mp4', 'rtmp://127.0.0.1:1/app/inst/mp4:dir'],
    ['rtmp://h/a/s tcUrl=rtmp://given/x', 'rtmp://given/x'],
    ['rtmp://[::1]/a/s', 'rtmp://[::1]:1935/a'],
  ])('%s → %s', (url, tcUrl) => {
    const params = {};
    applyRtmpdumpTcUrl(url, params, quiet);
    expect(params).toEqual({ tcUrl });
  });

  it('keeps -n/-c/-a overrides, leaves an unresolvable URL to connect(), prints DEBUG lines with -z only', () => {
    const params = { host: 'other', port: 2000, app: 'x' };
    applyRtmpdumpTcUrl('rtmp://h/a/s', params, quiet);
    expect(params).toMatchObject({ tcUrl: 'rtmp://other:2000/x' });
    const untouched = {};
    applyRtmpdumpTcUrl('http://h/a', untouched, quiet);
    expect(untouched).toEqual({});
    const debug = sink();
    applyRtmpdumpTcUrl('rtmpt://127.0.0.1/app/s', {}, new Logger('debug', false, debug.stream));
    expect(debug.text()).toMatch(
      /^DEBUG: Protocol : RTMPT\nDEBUG: Hostname : 127\.0\.0\.1\nDEBUG: Port {5}: 80\n/,
    );
    expect(debug.text()).toMatch(/^DEBUG: tcUrl {4}: rtmpt:\/\/127\.0\.0\.1:80\/app$/m);
    const verbose = sink();
    applyRtmpdumpTcUrl('rtmp://h/a/s', {}, new Logger('verbose', false, verbose.stream));
    expect(verbose.lines).toEqual([]);
  });
});

describe('output helpers', () => {
  it('progressMode: a bar only on a TTY, never with -q or --json; -# wins over the bar', () => {
    const tty = { isTTY: true } as NodeJS.WriteStream;
    const pipe = { isTTY: false } as NodeJS.WriteStream;
    expect(progressMode({ quiet: false, hashes: false, json: false, stream: tty })).toBe('bar');
    expect(progressMode({ quiet: false, hashes: false, json: false, stream: pipe })).toBe('none');
    expect(progressMode({ quiet: true, hashes: false, json: false, stream: tty })).toBe('none');
    expect(progressMode({ quiet: false, hashes: false, json: true, stream: tty })).toBe('none');
    expect(progressMode({ quiet: false, hashes: true, json: false, stream: pipe })).toBe('hashes');
    expect(progressMode({ quiet: true, hashes: true, json: false, stream: pipe })).toBe('none');
  });

  it('Logger: -q hides info and warnings but not errors; -V/-z add lines; --json writes only JSON', () => {
    for (const [level, shown] of [
      ['quiet', ['rtmp: error: e\n']],
      ['normal', ['i\n', 'rtmp: warning: w\n', 'rtmp: error: e\n']],
      ['verbose', ['i\n', 'v\n', 'rtmp: warning: w\n', 'rtmp: error: e\n']],
      ['debug', ['i\n', 'v\n', 'DEBUG: d\n', 'rtmp: warning: w\n', 'rtmp: error: e\n']],
    ] as const) {
      const out = sink();
      const logger = new Logger(level, false, out.stream);
      logger.info('i');
      logger.verbose('v');
      logger.debug('d');
      logger.warn('w');
      logger.error('e');
      logger.event('done', { exitCode: 0 });
      expect(out.lines).toEqual(shown);
    }
    const out = sink();
    const json = new Logger('debug', true, out.stream);
    json.info('i');
    json.verbose('v');
    json.warn('w');
    json.error('e', { exitCode: 1 });
    json.event('done', { exitCode: 1 });
    const events = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['warning', 'error', 'done']);
    expect(events[1]).toMatchObject({ message: 'e', exitCode: 1 });
    for (const e of events) expect(typeof e.time).toBe('string');
  });

  it('formatError: server status and description, then the code; errno codes; plain messages', () => {
    const status = new RtmpError('CLIENT_PLAY_FAILED', 'play failed', {
      details: { statusCode: 'NetStream.Play.StreamNotFound', description: 'Failed to play x' },
    });
    expect(formatError(status)).toBe('NetStream.Play.StreamNotFound: Failed to play x [CLIENT_PLAY_FAILED]');
    expect(formatError(new RtmpError('CHUNK_X', 'bad chunk'))).toBe('bad chunk [CHUNK_X]');
    const errno = Object.assign(new Error("ENOENT: no such file, open 'f'"), { code: 'ENOENT' });
    expect(formatError(errno)).toBe("ENOENT: no such file, open 'f' [ENOENT]");
    expect(formatError(new Error('plain'))).toBe('plain');
    expect(formatError('text')).toBe('text');
  });

  it('-#: one mark per percent of a known duration, else one per MiB', async () => {
    const out = sink();
    const progress = new Progress('hashes', quiet, 'download', out.stream);
    progress.update({ bytes: 10, timestampMs: 2500, durationS: 10 });
    progress.stop();
    expect(out.text()).toBe(`${'#'.repeat(25)}\n`);
    const mib = sink();
    const byBytes = new Progress('hashes', quiet, 'download', mib.stream);
    byBytes.update({ bytes: 3.5 * (1 << 20), timestampMs: 0, durationS: 0 });
    byBytes.stop();
    expect(mib.text()).toBe('###\n');
  });
});
