// Every rtmpdump connection option of `rtmp dump`, checked by what reaches a server: a recording
// ServerSession-based server (test/support/scripted-server.ts) sees our connect/play/FCSubscribe/
// SetBufferLength, and real rtmpdump, given the same options against the same server, must send
// the same thing. Also -S (through a SOCKS4 proxy written here), -T (secureToken answer), -w/-x
// (the 42-byte SWFVerification answer), -m (silent server) and the -q/-V/-z/--json/-# outputs.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { decryptSecureToken } from '@rtmp/commands';
import { describeWithPeers, flvTags, run } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { rtmp } from './support/cli.js';
import { type Recorded, type ScriptedServer, startScriptedServer } from './support/scripted-server.js';

const work = mkdtempSync(join(tmpdir(), 'cli-opts-'));
let counter = 0;
const out = () => join(work, `o${counter++}.flv`);

/** The connect command object without the fields rtmpdump and we legitimately differ in. */
function connectOf(r: Recorded | undefined) {
  return r?.connect;
}

/** What a recorded connection says, in a comparable shape. */
function summary(r: Recorded | undefined) {
  return {
    connect: r?.connect,
    plays: r?.plays,
    commands: r?.commands.map((c) => c.name).filter((n) => n !== '_checkbw' && n !== '_result'),
    // librtmp also announces 300 ms on stream 0 before createStream; compare the play stream's.
    bufferLengths: [...new Set(r?.bufferLengths.filter((b) => b.streamId !== 0).map((b) => b.ms))],
  };
}

describeWithPeers(['rtmpdump'], 'rtmp dump options reach the server as rtmpdump sends them', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await startScriptedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Runs ours then rtmpdump with the same arguments; returns both recorded connections. */
  async function both(args: (port: number) => string[]) {
    const before = server.connections.length;
    const ours = await rtmp(['dump', '-q', ...args(server.port), '-o', out()]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    const mine = server.connections[before];
    const after = server.connections.length;
    const theirs = await run('rtmpdump', ['-q', ...args(server.port), '-o', out()], { timeoutMs: 30_000 });
    expect([0, 2]).toContain(theirs.code);
    return { ours: mine, theirs: server.connections[after] };
  }

  it.each<[string, (port: number) => string[]]>([
    ['-r only', (p) => ['-r', `rtmp://127.0.0.1:${p}/vod/clip`]],
    [
      'long names: --app --tcUrl --pageUrl --swfUrl --flashVer --playpath',
      (p) => [
        '--rtmp',
        `rtmp://127.0.0.1:${p}/x/y`,
        '--app',
        'myapp/inst',
        '--tcUrl',
        `rtmp://example.com:1935/myapp/inst`,
        '--pageUrl',
        'http://example.com/page.html',
        '--swfUrl',
        'http://example.com/player.swf',
        '--flashVer',
        'WIN 11,2,202,235',
        '--playpath',
        'mp4:some/file.mp4',
      ],
    ],
    [
      'short names: -a -t -p -s -f -y',
      (p) => [
        '-r',
        `rtmp://127.0.0.1:${p}/x/y`,
        '-a',
        'a2',
        '-t',
        'rtmp://h/a2',
        '-p',
        'http://p/',
        '-s',
        'http://s/p.swf',
        '-f',
        'MAC 9,0,0,0',
        '-y',
        'stream2',
      ],
    ],
    [
      '-C/--conn items and -u/--auth',
      (p) => [
        '-r',
        `rtmp://127.0.0.1:${p}/vod/clip`,
        '-C',
        'B:1',
        '-C',
        'S:hello',
        '--conn',
        'N:3.5',
        '-C',
        'O:1',
        '-C',
        'NS:name:value',
        '-C',
        'NN:num:7',
        '-C',
        'O:0',
        '-C',
        'Z:',
        '-u',
        'secretauth',
      ],
    ],
    [
      '-A/--start and -B/--stop (play start and duration)',
      (p) => ['-r', `rtmp://127.0.0.1:${p}/vod/clip`, '-A', '2', '--stop', '7'],
    ],
    ['-v/--live (play start -1000)', (p) => ['-r', `rtmp://127.0.0.1:${p}/live/cam`, '--live']],
    ['-d/--subscribe (FCSubscribe)', (p) => ['-r', `rtmp://127.0.0.1:${p}/live/cam`, '-v', '-d', 'subname']],
    ['-b/--buffer (SetBufferLength)', (p) => ['-r', `rtmp://127.0.0.1:${p}/vod/clip`, '-b', '12345']],
    [
      '-n/-c/-l build the URL without -r',
      (p) => ['-n', '127.0.0.1', '-c', String(p), '-l', '0', '-a', 'vod', '-y', 'clip'],
    ],
  ])('%s', async (_label, args) => {
    const { ours, theirs } = await both(args);
    expect(connectOf(ours)).toBeDefined();
    expect(summary(ours)).toEqual(summary(theirs));
  });

  // set_playlist and NetStream.Authenticate.UsherToken, as rtmpdump sends them.
  it.each<[string, (port: number) => string[]]>([
    ['-Y/--playlist (set_playlist)', (p) => ['-r', `rtmp://127.0.0.1:${p}/vod/clip`, '-Y']],
    [
      '-j/--jtv (NetStream.Authenticate.UsherToken)',
      (p) => ['-r', `rtmp://127.0.0.1:${p}/vod/clip`, '-j', 'jtvtoken'],
    ],
  ])('%s is sent as rtmpdump sends it', async (_label, args) => {
    const { ours, theirs } = await both(args);
    expect(theirs?.commands.map((c) => c.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/set_playlist|UsherToken/)]),
    );
    expect(summary(ours)).toEqual(summary(theirs));
  });

  it('applies the options to the connect/play it sends (spot checks against the option values)', async () => {
    const before = server.connections.length;
    const result = await rtmp([
      'dump',
      '-q',
      '-r',
      'rtmp://192.0.2.1:1/wrong/path',
      '-n',
      '127.0.0.1',
      '--port',
      String(server.port),
      '--protocol',
      '0',
      '-a',
      'app1',
      '-y',
      'stream1',
      '-p',
      'http://page/',
      '-s',
      'http://swf/',
      '-f',
      'FV 1,2,3,4',
      '-u',
      'authstr',
      '-C',
      'S:x',
      '-A',
      '1.5',
      '-B',
      '4',
      '-b',
      '777',
      '-o',
      out(),
    ]);
    expect(result.code).toBe(0);
    const r = server.connections[before]!;
    expect(r.connect?.params).toMatchObject({
      app: 'app1',
      pageUrl: 'http://page/',
      swfUrl: 'http://swf/',
      flashVer: 'FV 1,2,3,4',
      tcUrl: expect.stringMatching(/^rtmp:\/\/127\.0\.0\.1:\d+\/app1$/),
    });
    // librtmp sends the auth string as `true, "auth"` (rtmpdump(1) -u), then the -C items.
    expect(r.connect?.args).toEqual([true, 'authstr', 'x']);
    expect(r.plays).toEqual([{ name: 'stream1', start: 1500, duration: 2500 }]);
    expect(r.bufferLengths.filter((b) => b.streamId === 1).map((b) => b.ms)).toContain(777);
  });

  it('-S/--socks: connects through a SOCKS4 proxy (the proxy sees the target address)', async () => {
    const requests: Array<{ port: number; ip: string }> = [];
    const proxy: Server = createServer((client) => {
      client.once('data', (req: Buffer) => {
        // SOCKS4: VN=4 CD=1 DSTPORT(2) DSTIP(4) USERID NUL
        expect(req[0]).toBe(4);
        expect(req[1]).toBe(1);
        const port = req.readUInt16BE(2);
        const ip = [...req.subarray(4, 8)].join('.');
        requests.push({ port, ip });
        const upstream = netConnect(port, ip, () => {
          client.write(Buffer.from([0, 0x5a, 0, 0, 0, 0, 0, 0]));
          const rest = req.subarray(req.indexOf(0, 8) + 1);
          if (rest.length > 0) upstream.write(rest);
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
      });
      client.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    try {
      const before = server.connections.length;
      const result = await rtmp([
        'dump',
        '-q',
        '-r',
        `rtmp://127.0.0.1:${server.port}/vod/clip`,
        '--socks',
        `127.0.0.1:${proxyPort}`,
        '-o',
        out(),
      ]);
      expect(result.code).toBe(0);
      expect(requests).toEqual([{ port: server.port, ip: '127.0.0.1' }]);
      expect(server.connections[before]?.plays[0]?.name).toBe('clip');
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  });

  it('-T/--token: answers the secureToken challenge as librtmp does', async () => {
    // Vector recorded from RTMPDump v2.4 (packages/commands/test/fixtures/secure-token.json).
    const key = 'abcdefghijklmnop';
    const token = '0123456789abcdef';
    const rtmpdumpMessage =
      '020013736563757265546f6b656e526573706f6e73650000000000000000000502000858aa11b3569da82e';
    const tokenServer = await startScriptedServer({ secureToken: token });
    try {
      const ours = await rtmp([
        'dump',
        '-q',
        '-r',
        `rtmp://127.0.0.1:${tokenServer.port}/vod/clip`,
        '--token',
        key,
        '-o',
        out(),
      ]);
      expect(ours.code).toBe(0);
      const theirs = await run(
        'rtmpdump',
        ['-q', '-r', `rtmp://127.0.0.1:${tokenServer.port}/vod/clip`, '-T', key, '-o', out()],
        { timeoutMs: 30_000 },
      );
      expect([0, 2]).toContain(theirs.code);
      const answers = tokenServer.connections.map((c) =>
        c.commandPayloads
          .map((p) => Buffer.from(p).toString('hex'))
          .filter((h) => h.startsWith('020013736563757265546f6b656e526573706f6e7365')),
      );
      expect(answers).toEqual([[rtmpdumpMessage], [rtmpdumpMessage]]);
      const answer = Buffer.from(decryptSecureToken(token, key)).toString('hex');
      expect(rtmpdumpMessage.endsWith(answer)).toBe(true);
    } finally {
      await tokenServer.close();
    }
  });

  it('-w/--swfhash and -x/--swfsize: answer the SWFVerification request with the 42 bytes librtmp sends', async () => {
    const hash = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const size = 123456;
    const swfServer = await startScriptedServer({ swfVerify: true });
    try {
      const ours = await rtmp([
        'dump',
        '-q',
        '-r',
        `rtmp://127.0.0.1:${swfServer.port}/vod/clip`,
        '-w',
        hash,
        '--swfsize',
        String(size),
        '-o',
        out(),
      ]);
      expect(ours.code).toBe(0);
      const theirs = await run(
        'rtmpdump',
        [
          '-q',
          '-r',
          `rtmp://127.0.0.1:${swfServer.port}/vod/clip`,
          '--swfhash',
          hash,
          '-x',
          String(size),
          '-o',
          out(),
        ],
        { timeoutMs: 30_000 },
      );
      expect([0, 2]).toContain(theirs.code);
      for (const c of swfServer.connections) {
        // User Control event 27: 2-byte type, then 01 01, size, size, HMAC-SHA256(S1[-32:], hash).
        const answers = c.userControl.filter((p) => p[0] === 0 && p[1] === 27);
        expect(answers).toHaveLength(1);
        const data = Buffer.from(answers[0]!.subarray(2));
        expect(data.length).toBe(42);
        const expected = Buffer.alloc(42);
        expected[0] = 1;
        expected[1] = 1;
        expected.writeUInt32BE(size, 2);
        expected.writeUInt32BE(size, 6);
        createHmac('sha256', Buffer.from(c.s1!.subarray(1536 - 32)))
          .update(Buffer.from(hash, 'hex'))
          .digest()
          .copy(expected, 10);
        expect(data.toString('hex')).toBe(expected.toString('hex'));
      }
      expect(swfServer.connections).toHaveLength(2);
    } finally {
      await swfServer.close();
    }
  });

  it('-W/--swfVfy fetches the SWF (CWS), hashes it as librtmp does, caches it for -X/--swfAge days', async () => {
    // A compressed SWF: "CWS", version, uncompressed length (LE), zlib(body).
    const body = Buffer.alloc(3000);
    for (let i = 0; i < body.length; i++) body[i] = (i * 7) & 0xff;
    const header = Buffer.from([0x43, 0x57, 0x53, 10, 0, 0, 0, 0]);
    header.writeUInt32LE(8 + body.length, 4);
    const cws = Buffer.concat([header, deflateSync(body)]);
    const fws = Buffer.concat([Buffer.from([0x46]), header.subarray(1), body]);
    const expectedHash = createHmac('sha256', 'Genuine Adobe Flash Player 001').update(fws).digest();
    let fetches = 0;
    const http = createHttpServer((req, res) => {
      fetches++;
      if (req.url === '/player.swf')
        res.writeHead(200, { 'content-type': 'application/x-shockwave-flash' }).end(cws);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const swfUrl = `http://127.0.0.1:${(http.address() as { port: number }).port}/player.swf`;
    const home = mkdtempSync(join(tmpdir(), 'cli-home-'));
    const swfServer = await startScriptedServer({ swfVerify: true });
    const url = `rtmp://127.0.0.1:${swfServer.port}/vod/clip`;
    try {
      const ours = await rtmp(['dump', '-q', '-r', url, '--swfVfy', swfUrl, '-o', out()], 30_000, {
        HOME: home,
      });
      expect(ours.code).toBe(0);
      expect(fetches).toBe(1);
      const cache = JSON.parse(readFileSync(join(home, '.swfinfo.json'), 'utf8')) as Record<
        string,
        { hash: string; size: number }
      >;
      expect(cache[swfUrl]).toMatchObject({ hash: expectedHash.toString('hex'), size: fws.length });
      // Cached: no fetch; -X 0: fetched again.
      expect(
        (await rtmp(['dump', '-q', '-r', url, '-W', swfUrl, '-o', out()], 30_000, { HOME: home })).code,
      ).toBe(0);
      expect(fetches).toBe(1);
      expect(
        (
          await rtmp(['dump', '-q', '-r', url, '-W', swfUrl, '--swfAge', '0', '-o', out()], 30_000, {
            HOME: home,
          })
        ).code,
      ).toBe(0);
      expect(fetches).toBe(2);
      const theirs = await run('rtmpdump', ['-q', '-r', url, '-W', swfUrl, '-o', out()], {
        timeoutMs: 30_000,
        env: { ...process.env, HOME: home },
      });
      expect([0, 2]).toContain(theirs.code);
      expect(swfServer.connections).toHaveLength(4);
      for (const c of swfServer.connections) {
        // -W also sets swfUrl in connect.
        expect(c.connect?.params.swfUrl).toBe(swfUrl);
        const answer = c.userControl.find((p) => p[0] === 0 && p[1] === 27);
        const expected = Buffer.alloc(42);
        expected[0] = 1;
        expected[1] = 1;
        expected.writeUInt32BE(fws.length, 2);
        expected.writeUInt32BE(fws.length, 6);
        createHmac('sha256', Buffer.from(c.s1!.subarray(1536 - 32)))
          .update(expectedHash)
          .digest()
          .copy(expected, 10);
        expect(Buffer.from(answer!.subarray(2)).toString('hex')).toBe(expected.toString('hex'));
      }
    } finally {
      await swfServer.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });

  /** Runs ours and rtmpdump against a server that sends BufferEmpty; returns each one's pauses. */
  async function bufferEmptyRuns(ourArgs: string[], theirArgs: string[]) {
    const bufx = await startScriptedServer({ bufferEmpty: true });
    const url = `rtmp://127.0.0.1:${bufx.port}/vod/clip`;
    try {
      const ours = await rtmp(['dump', '-q', '-r', url, '-m', '3', ...ourArgs, '-o', out()]);
      const theirs = await run('rtmpdump', ['-q', '-r', url, ...theirArgs, '-o', out()], {
        timeoutMs: 30_000,
      });
      expect([0, 2]).toContain(theirs.code);
      return { ours, pauses: bufx.connections.map((c) => c.pauses) };
    } finally {
      await bufx.close();
    }
  }

  it('-R/--realtime: no pause/unpause on BufferEmpty, as rtmpdump --realtime', async () => {
    const { ours, pauses } = await bufferEmptyRuns(['-R'], ['--realtime']);
    expect(ours.code).toBe(0);
    expect(pauses).toEqual([[], []]);
  });

  // librtmp's BUFX: on BufferEmpty, pause at the last timestamp and unpause, so the server refills
  // the buffer at once.
  it('without -R: pause then unpause on BufferEmpty (librtmp BUFX), as rtmpdump', async () => {
    const { ours, pauses } = await bufferEmptyRuns([], []);
    expect(pauses[1]!.map((p) => p.paused)).toEqual([true, false]);
    expect(pauses[0]).toEqual(pauses[1]);
    expect(ours.code).toBe(0);
  });

  it('-m/--timeout: gives up on a server that goes silent after the handshake within the timeout', async () => {
    const silent = await startScriptedServer({ silentAfterHandshake: true });
    try {
      const started = performance.now();
      const result = await rtmp(
        ['dump', '-r', `rtmp://127.0.0.1:${silent.port}/vod/clip`, '-m', '2', '-o', out()],
        20_000,
      );
      const elapsed = performance.now() - started;
      expect(result.timedOut).toBe(false);
      expect([2, 3]).toContain(result.code);
      expect(elapsed).toBeGreaterThan(1800);
      expect(elapsed).toBeLessThan(8000);
      expect(result.stderr).toMatch(/^rtmp: error: .*\[[A-Z_]+TIMEOUT[A-Z_]*\]$/m);
    } finally {
      await silent.close();
    }
  });

  it('-m/--timeout: a play that goes silent ends with exit 2 after the timeout, the tags so far kept', async () => {
    const stall = await startScriptedServer({ silentMidPlay: true });
    const url = `rtmp://127.0.0.1:${stall.port}/vod/clip`;
    try {
      const file = out();
      const started = performance.now();
      const ours = await rtmp(['dump', '-r', url, '--timeout', '2', '-o', file], 20_000);
      const elapsed = performance.now() - started;
      expect(ours.code).toBe(2);
      expect(elapsed).toBeGreaterThan(1800);
      expect(elapsed).toBeLessThan(8000);
      expect(ours.stderr).toMatch(/^rtmp: error: .*\[CLIENT_IDLE_TIMEOUT\]$/m);
      // The AAC header and two frames arrived before the silence: a valid FLV with those tags.
      const tags = flvTags(file);
      expect(tags.tags.map((t) => t.type)).toEqual([8, 8, 8]);
      expect(tags.trailingBytes).toBe(0);
      // (rtmpdump differs here: after a timeout it reconnects and resumes by itself.)
      expect(stall.connections).toHaveLength(1);
    } finally {
      await stall.close();
    }
  });

  it('-q prints nothing; default prints the summary; -V adds status lines; -z adds debug lines', async () => {
    const url = `rtmp://127.0.0.1:${server.port}/vod/clip`;
    const quiet = await rtmp(['dump', '-q', '-r', url, '-o', out()]);
    expect(quiet.stderr).toBe('');
    const normal = await rtmp(['dump', '-r', url, '-o', out()]);
    expect(normal.stderr).toMatch(/^Download complete: 6 tags, 0\.080 s \(NetStream\.Play\.Stop\)\n$/);
    const verbose = await rtmp(['dump', '-V', '-r', url, '-o', out()]);
    expect(verbose.stderr).toMatch(/^Connected: NetConnection\.Connect\.Success \(FMS\/3,5,7,7009\)$/m);
    expect(verbose.stderr).toMatch(/^NetStream\.Play\.Start/m);
    expect(verbose.stderr).toMatch(/^Download complete/m);
    const debug = await rtmp(['dump', '--debug', '-r', url, '-o', out()]);
    expect(debug.code).toBe(0);
    expect(debug.stderr).toMatch(/^Connected: /m);
    expect(debug.stderr.split('\n').length).toBeGreaterThanOrEqual(verbose.stderr.split('\n').length);
  });

  it('--json: every stderr line is JSON, ending with a done event carrying the exit code', async () => {
    const result = await rtmp([
      'dump',
      '--json',
      '-r',
      `rtmp://127.0.0.1:${server.port}/vod/clip`,
      '-o',
      out(),
    ]);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as { event: string; exitCode?: number; time: string });
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['connected', 'playing', 'done']));
    expect(events.at(-1)).toMatchObject({ event: 'done', exitCode: 0, tags: 6 });
    for (const e of events) expect(Number.isNaN(Date.parse(e.time))).toBe(false);
    // A failure is a JSON error line, then done with the exit code.
    const failed = await rtmp(['dump', '--json', '-r', 'rtmp://127.0.0.1:1/vod/clip', '-o', out()]);
    expect(failed.code).toBe(3);
    const failEvents = failed.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; exitCode?: number });
    expect(failEvents.map((e) => e.event)).toEqual(['error', 'done']);
    expect(failEvents[1]).toMatchObject({ exitCode: 3 });
  });

  it('-o - writes the FLV to stdout; -#/--hashes is accepted and off a TTY prints no bar', async () => {
    const result = await rtmp([
      'dump',
      '-#',
      '-q',
      '-r',
      `rtmp://127.0.0.1:${server.port}/vod/clip`,
      '-o',
      '-',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('FLV')).toBe(true);
    expect(result.stderr).toBe('');
    const file = out();
    const hashes = await rtmp([
      'dump',
      '--hashes',
      '-r',
      `rtmp://127.0.0.1:${server.port}/vod/clip`,
      '-o',
      file,
    ]);
    expect(hashes.code).toBe(0);
    expect(readFileSync(file).subarray(0, 3).toString()).toBe('FLV');
  });

  it('rejects bad option values with one line and exit 1', async () => {
    for (const args of [
      ['-c', 'notaport'],
      ['-l', '9'],
      ['-w', 'abcd', '-x', '10'],
      ['-w', 'a'.repeat(64)],
    ]) {
      const result = await rtmp([
        'dump',
        '-r',
        `rtmp://127.0.0.1:${server.port}/vod/clip`,
        ...args,
        '-o',
        out(),
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
