/**
 * resolveRtmpUrl against the real librtmp: rtmpdump 2.4.
 *
 * 1. `rtmpdump -r URL -V` logs what RTMP_ParseURL made of a URL (protocol, host, port, app,
 *    playpath, and the tcUrl rtmpdump builds). It runs in a private network namespace, so every
 *    connect fails at once and nothing leaves the machine.
 * 2. `rtmpdump -i "URL options"` (RTMP_SetupURL) against nginx-rtmp: nginx logs the connect and
 *    play commands it received (app, tcUrl, flashVer, swfUrl, pageUrl, stream name, start).
 */
import { readFileSync } from 'node:fs';
import { type RtmpConnectionParams, resolveRtmpUrl } from '@rtmp/client';
import { describeWithPeers, type NginxPeer, run, startNginx, unshareAvailable } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, it } from 'vitest';

interface RtmpdumpCase {
  url: string;
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/url-rtmpdump-r.json', import.meta.url), 'utf8'),
) as { cases: Array<RtmpdumpCase & Record<string, unknown>> };

const FIELDS: Record<string, string> = {
  Protocol: 'protocol',
  Hostname: 'host',
  Port: 'port',
  Playpath: 'playpath',
  tcUrl: 'tcUrl',
  app: 'app',
};

/** The "DEBUG: Name : value" lines rtmpdump -V prints before connecting. */
function parseRtmpdumpLog(stderr: string): Record<string, string | number> {
  const out: Record<string, string | number> = { app: '' };
  for (const line of stderr.split('\n')) {
    const m = /^DEBUG: (\w+)\s*: (.*)$/.exec(line);
    const key = m && FIELDS[m[1]!];
    if (key) out[key] = key === 'port' ? Number(m[2]) : m[2]!;
  }
  return out;
}

describeWithPeers(['rtmpdump', 'unshare'], 'rtmpdump -r (RTMP_ParseURL) agrees with resolveRtmpUrl', () => {
  it.each(fixture.cases.map((c) => c.url))('%s', async (url, ctx) => {
    if (!unshareAvailable()) {
      if (process.env.CI) throw new Error('unshare -n is not usable (needs root)');
      ctx.skip('unshare -n is not usable (needs root)');
    }
    const result = await run('unshare', ['-n', 'rtmpdump', '-r', url, '-V', '-m', '1', '-o', '/dev/null'], {
      timeoutMs: 20_000,
    });
    const logged = parseRtmpdumpLog(result.stderr);
    expect(logged.host, result.stderr).toBeDefined();
    const ours = resolveRtmpUrl(url);
    expect({
      protocol: ours.protocol.toUpperCase(),
      host: ours.host,
      port: ours.port,
      app: ours.app,
      playpath: ours.playpath,
      // rtmpdump -r always builds proto://host:port/app; so do we once a URL part is overridden.
      tcUrl: resolveRtmpUrl(url, { host: ours.host }).tcUrl,
    }).toEqual(logged);
    // The recorded fixture (used by the unit tests) still matches the installed rtmpdump.
    const { url: _url, ...recorded } = fixture.cases.find((c) => c.url === url)!;
    expect(logged).toEqual(recorded);
  });
});

/** nginx-rtmp's log line for a command: `connect: app='vod' args='' ...` → fields. */
function nginxFields(log: string, command: 'connect' | 'play'): Record<string, string> | undefined {
  const line = log
    .split('\n')
    .find((l) => l.includes(`] `) && new RegExp(`\\*\\d+ ${command}: \\w+=`).test(l));
  if (!line) return undefined;
  const fields: Record<string, string> = {};
  for (const m of line.matchAll(/(\w+)=(?:'([^']*)'|(-?\d+))/g)) fields[m[1]!] = m[2] ?? m[3]!;
  return fields;
}

function splitQuery(text: string): [string, string] {
  const q = text.indexOf('?');
  return q < 0 ? [text, ''] : [text.slice(0, q), text.slice(q + 1)];
}

describeWithPeers(
  ['rtmpdump', 'nginx'],
  'rtmpdump -i (RTMP_SetupURL) sends what resolveRtmpUrl resolves',
  () => {
    let nginx: NginxPeer;
    beforeAll(async () => {
      nginx = await startNginx();
    });
    afterAll(async () => {
      await nginx?.stop();
    });

    const cases: string[] = [
      '/vod/x.mp4 live=1 swfUrl=http://a/b.swf pageUrl=http://p\\20q/ flashver=WIN\\2011,1,2,3 conn=S:hello conn=O:1 conn=NS:a:b conn=O:0',
      '/vod?arg=1/foo.flv',
      '/other/foo app=vod',
      '/vod/foo tcUrl=rtmp://other/x playpath=zz start=5000',
      '/vod/foo LIVE=yes   SWFURL=http://s/x.swf',
      '/vod/clip.mp4?token=abc',
      '/vod/a%20b.mp3',
      '/vod?slist=s1.mp4',
      '/vod/x swfUrl=a\\5cb pageUrl=\\c3\\a9',
      '/vod/x start=0x10',
      '/vod/x start=010 flashVer=FMLE/3.0\\20(compatible;\\20FMSc/1.0)',
      '/vod/mp4:dir/x.f4v',
      '/ondemand/foo/bar.mp4',
    ];
    it.each(cases)('rtmp://127.0.0.1:PORT%s', async (suffix) => {
      for (const prefix of ['rtmp', 'RTMP']) {
        const input = `${prefix}://127.0.0.1:${nginx.rtmpPort}${suffix}`;
        const before = nginx.errorLog().length;
        const result = await run('rtmpdump', ['-i', input, '-m', '2', '-B', '1', '-o', '/dev/null'], {
          timeoutMs: 20_000,
        });
        // nginx writes its log lines as it handles the commands; give it a moment after rtmpdump exits.
        let log = '';
        for (let i = 0; i < 20 && !nginxFields(log, 'connect'); i++) {
          log = nginx.errorLog().slice(before);
          if (!nginxFields(log, 'connect')) await new Promise((r) => setTimeout(r, 50));
        }
        const connect = nginxFields(log, 'connect');
        expect(connect, `${input}\n${result.stderr}\n${log}`).toBeDefined();
        const ours: RtmpConnectionParams = resolveRtmpUrl(input);
        const [app, args] = splitQuery(ours.app);
        const flashverGiven = /flashver=/i.test(suffix);
        expect(connect).toMatchObject({
          app,
          args,
          // rtmpdump -i sends no flashVer unless one is given (we default to DEFAULT_FLASH_VER).
          flashver: flashverGiven ? ours.flashVer : '',
          swf_url: ours.swfUrl ?? '',
          tc_url: ours.tcUrl,
          page_url: ours.pageUrl ?? '',
        });
        if (app === 'vod') {
          const play = nginxFields(log, 'play');
          expect(play, `${input}\n${result.stderr}\n${log}`).toBeDefined();
          const [name, playArgs] = splitQuery(ours.playpath);
          expect(play).toMatchObject({ name, args: playArgs, start: String(ours.live ? -1000 : ours.start) });
        }
      }
    });
  },
);
