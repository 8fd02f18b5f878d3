// Interop against real peers (RTMP spec 5.2; protocol.md section 1):
// - nginx-rtmp completes our client's plain and digest handshakes and answers our connect;
// - rtmpdump (librtmp client) completes rtmp://, digest (-w/-x) and rtmpe:// handshakes with our
//   server, and its (encrypted) connect reads back through our RC4;
// - rtmpsrv (librtmp server, in a private network namespace) accepts our client's plain, digest
//   and RTMPE handshakes (answering type 8 to 6) and prints the connect we sent;
// - rtmpsuck (librtmp RTMPE proxy) carries our RTMPE connect to nginx-rtmp and its answer back;
// - ffmpeg's client completes the digest handshake with our server when playing and publishing.
import { describeWithPeers, NGINX_RTMP_MODULE, run, startNginx } from '@rtmp/test-peers';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { clientRun, connectCommand, type NetnsPeers, serveOnce, startNetnsPeers } from './interop-helpers.js';

const SWF_HASH = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

describeWithPeers(['nginx'], 'our client against nginx-rtmp', () => {
  let nginx: Awaited<ReturnType<typeof startNginx>> | undefined;
  beforeAll(async () => {
    nginx = await startNginx();
  });
  afterAll(async () => {
    await nginx?.stop();
  });

  for (const mode of ['plain', 'digest'] as const) {
    test(`${mode} handshake, then connect gets _result`, async () => {
      const port = nginx!.rtmpPort;
      const out = await clientRun(
        { port },
        { mode },
        connectCommand('vod', `rtmp://127.0.0.1:${port}/vod`),
        /NetConnection\.Connect\.Success/,
      );
      expect(out.warnings).toEqual([]);
      expect(out.completion.mode).toBe(mode);
      expect(out.completion.type).toBe(3);
      if (mode === 'digest') expect(out.completion.peerVersion).toEqual([13, 14, 10, 13]);
      expect(out.text).toContain('\x02\x00\x07_result');
    });
  }

  test('nginx does not speak RTMPE: our RTMPE offer ends without a handshake', async () => {
    await expect(
      clientRun({ port: nginx!.rtmpPort }, { mode: 'rtmpe' }, new Uint8Array(0), /never/, 10_000),
    ).rejects.toThrow(/closed|HANDSHAKE/);
  });
});

async function rtmpdump(args: string[]) {
  return run('rtmpdump', ['-V', ...args, '-o', '/dev/null'], { timeoutMs: 20_000 });
}

describeWithPeers(['rtmpdump'], 'rtmpdump (librtmp client) against our server', () => {
  const cases = [
    { name: 'rtmp:// (simple)', scheme: 'rtmp', extra: [] as string[], mode: 'plain', type: 3 },
    {
      name: 'rtmp:// with -w/-x (FP9 digest)',
      scheme: 'rtmp',
      extra: ['-w', SWF_HASH, '-x', '12345'],
      mode: 'digest',
      type: 3,
    },
    { name: 'rtmpe://', scheme: 'rtmpe', extra: [], mode: 'rtmpe', type: 6 },
    {
      name: 'rtmpe:// answered with type 8 (librtmp server behaviour)',
      scheme: 'rtmpe',
      extra: [],
      mode: 'rtmpe',
      type: 8,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const served = await serveOnce({ upgradeType6To8: c.type === 8 }, /app\x02\x00\x03app/);
      try {
        const dump = rtmpdump(['-r', `${c.scheme}://127.0.0.1:${served.port}/app/x`, ...c.extra]);
        const conn = await served.connection;
        const log = (await dump).stderr;
        expect(conn.completion.mode).toBe(c.mode);
        expect(conn.completion.type).toBe(c.type);
        expect(conn.warnings).toEqual([]);
        expect(conn.text).toContain('\x02\x00\x07connect');
        expect(log).toContain('HandShake: Handshaking finished');
        expect(log).not.toContain('not genuine');
        expect(log).not.toContain("Couldn't verify");
        if (c.mode !== 'plain') expect(log).toContain('Genuine Adobe Flash Media Server');
        if (c.type === 8) expect(log).toContain('Type mismatch: client sent 6, server answered 8');
        if (c.mode === 'rtmpe') {
          expect(conn.completion.ciphers).toBeDefined();
          expect(log).toContain('RC4 Out Key');
        }
      } finally {
        served.close();
      }
    });
  }
});

describeWithPeers(['rtmpdump'], 'negative controls: rtmpdump notices a broken server', () => {
  // These prove the log assertions above are meaningful: the same runs with one S1/S2 byte
  // flipped make librtmp log the failure we assert is absent.
  test('a corrupted S2 signature: "Server not genuine Adobe!"', async () => {
    const served = await serveOnce({}, /never/, 10_000, (answer) => {
      answer[answer.length - 1]! ^= 1;
    });
    try {
      const log = (
        await rtmpdump(['-r', `rtmp://127.0.0.1:${served.port}/app/x`, '-w', SWF_HASH, '-x', '12345'])
      ).stderr;
      expect(log).toContain('Server not genuine Adobe!');
      await expect(served.connection).rejects.toThrow(/closed/);
    } finally {
      served.close();
    }
  });

  test('a corrupted S1 digest: "Couldn\'t verify the server digest"', async () => {
    const served = await serveOnce({}, /never/, 10_000, (answer) => {
      answer[100]! ^= 1;
    });
    try {
      const log = (await rtmpdump(['-r', `rtmpe://127.0.0.1:${served.port}/app/x`])).stderr;
      expect(log).toContain("Couldn't verify the server digest");
      await expect(served.connection).rejects.toThrow(/closed/);
    } finally {
      served.close();
    }
  });
});

describeWithPeers(['ffmpeg'], 'ffmpeg client against our server', () => {
  test('play: FP9 digest handshake completes and the connect arrives', async () => {
    const served = await serveOnce({}, /app\x02\x00\x03app/);
    try {
      const ff = run(
        'ffmpeg',
        [
          '-nostdin',
          '-loglevel',
          'debug',
          '-rw_timeout',
          '5000000',
          '-i',
          `rtmp://127.0.0.1:${served.port}/app/x`,
          '-f',
          'null',
          '-',
        ],
        { timeoutMs: 20_000 },
      );
      const conn = await served.connection;
      const log = (await ff).stderr;
      expect(conn.completion.mode).toBe('digest');
      expect(conn.completion.peerVersion).toEqual([9, 0, 124, 2]);
      expect(conn.warnings).toEqual([]);
      expect(log).not.toMatch(/Server response validating failed|Signature mismatch/i);
    } finally {
      served.close();
    }
  });

  test('publish: ffmpeg echoes S1 as C2, which our server accepts with a warning', async () => {
    const served = await serveOnce({}, /app\x02\x00\x03app/);
    try {
      const ff = run(
        'ffmpeg',
        [
          '-nostdin',
          '-loglevel',
          'error',
          '-f',
          'lavfi',
          '-i',
          'anullsrc',
          '-t',
          '1',
          '-f',
          'flv',
          `rtmp://127.0.0.1:${served.port}/app/x`,
        ],
        { timeoutMs: 20_000 },
      );
      const conn = await served.connection;
      await ff;
      expect(conn.completion.mode).toBe('digest');
      expect(conn.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_ECHO_MISMATCH']);
    } finally {
      served.close();
    }
  });
});

describeWithPeers(
  ['rtmpsrv', 'unshare'],
  'our client against rtmpsrv (librtmp server) in a private network namespace',
  () => {
    let peers: NetnsPeers | undefined;
    beforeAll(async () => {
      // rtmpsrv binds 0.0.0.0:1935 and reads commands from stdin (kept open by sleep).
      peers = await startNetnsPeers('rtmpsrv', '(sleep 170 | exec timeout --foreground 170 rtmpsrv -z) &');
    });
    afterAll(() => peers?.stop());

    const cases = [
      { name: 'plain', options: { mode: 'plain' as const }, type: 3, app: 'plainapp' },
      { name: 'digest', options: { mode: 'digest' as const }, type: 3, app: 'digestapp' },
      {
        name: 'rtmpe (type 6, answered 8)',
        options: { mode: 'rtmpe' as const, rtmpeType: 6 as const },
        type: 8,
        app: 'rtmpe6app',
      },
      {
        name: 'rtmpe (type 8)',
        options: { mode: 'rtmpe' as const, rtmpeType: 8 as const },
        type: 8,
        app: 'rtmpe8app',
      },
    ];
    for (const c of cases) {
      test(c.name, async (ctx) => {
        if (!peers) return ctx.skip();
        const before = peers.log().length;
        const out = await clientRun(
          { path: peers.socketPath },
          c.options,
          connectCommand(c.app, `rtmp://127.0.0.1:1935/${c.app}`, 'LNX 11,2,202,235'),
          // rtmpsrv's _result spans two 128-byte chunks: match on both sides of the chunk header.
          /_result[\s\S]*NetConnection\.Con[\s\S]*Connection succeeded/,
        );
        expect(out.completion.type).toBe(c.type);
        expect(out.completion.mode).toBe(c.options.mode);
        if (c.options.mode !== 'plain') expect(out.completion.peerVersion).toEqual([3, 5, 1, 1]);
        if (c.type !== (c.options.mode === 'rtmpe' ? c.options.rtmpeType : 3)) {
          expect(out.warnings.map((w) => w.code)).toEqual(['HANDSHAKE_TYPE_MISMATCH']);
        } else {
          expect(out.warnings).toEqual([]);
        }
        // rtmpsrv decoded (decrypted, for RTMPE) our connect and logged its parameters.
        for (let i = 0; i < 50 && !peers.log().slice(before).includes(c.app); i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        const printed = peers.log().slice(before);
        expect(printed).toContain('client invoking <connect>');
        expect(printed).toMatch(new RegExp(`app.*${c.app}`));
        expect(printed).toMatch(/flashVer.*LNX 11,2,202,235/);
        expect(printed).not.toMatch(/Handshake failed|not genuine/);
      });
    }
  },
);

describeWithPeers(
  ['rtmpsuck', 'nginx', 'unshare'],
  'our RTMPE client through rtmpsuck (librtmp RTMPE proxy) to nginx-rtmp',
  () => {
    let peers: NetnsPeers | undefined;
    beforeAll(async () => {
      // A private nginx-rtmp on 127.0.0.1:19350 inside the namespace as rtmpsuck's upstream.
      const conf = [
        `load_module ${NGINX_RTMP_MODULE};`,
        'daemon off; master_process off; error_log stderr warn; pid nginx.pid;',
        'events { worker_connections 64; }',
        'rtmp { server { listen 127.0.0.1:19350; application vod { play /nonexistent; } } }',
      ].join(' ');
      peers = await startNetnsPeers(
        'rtmpsuck',
        `mkdir -p logs; echo '${conf}' > nginx.conf
        (exec timeout --foreground 170 nginx -p "$PWD" -c "$PWD/nginx.conf" -e stderr) &
        for i in $(seq 100); do ss -ltn | grep -q ':19350 ' && break; sleep 0.1; done
        (sleep 170 | exec timeout --foreground 170 rtmpsuck -z) &`,
      );
    });
    afterAll(() => peers?.stop());

    test('rtmpe type 6 (answered 8): connect reaches nginx and its _result comes back through RC4', async (ctx) => {
      if (!peers) return ctx.skip();
      const out = await clientRun(
        { path: peers.socketPath },
        { mode: 'rtmpe' },
        connectCommand('vod', 'rtmp://127.0.0.1:19350/vod'),
        /_result[\s\S]*NetConnection\.Con[\s\S]*Connection succeeded/,
      );
      expect(out.completion.type).toBe(8);
      expect(out.completion.ciphers).toBeDefined();
      // nginx-rtmp's connect answer (fmsVer FMS/3,0,1,123), proxied by rtmpsuck and decrypted here.
      expect(out.text).toMatch(/FMS\/3,0,1,123/);
    });
  },
);
