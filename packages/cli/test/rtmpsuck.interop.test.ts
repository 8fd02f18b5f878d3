// Our RTMPE client end to end through librtmp's own RTMPE proxy: `rtmp dump -r rtmpe://...`
// → rtmpsuck (decrypts with librtmp's RC4) → nginx-rtmp (plain, named by tcUrl). rtmpsuck binds
// 0.0.0.0:1935, so everything runs inside a private network namespace with only `lo` up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compareFlvTags,
  describeWithPeers,
  flvTags,
  NGINX_RTMP_MODULE,
  runInNetns,
  testMedia,
} from '@rtmp/test-peers';
import { beforeAll, expect, it } from 'vitest';
import { BIN } from './support/cli.js';

describeWithPeers(['nginx', 'rtmpsuck', 'unshare', 'ffmpeg'], 'rtmp dump over RTMPE through rtmpsuck', () => {
  let small = '';
  let mediaDir = '';
  beforeAll(async () => {
    const media = await testMedia();
    small = media.small;
    mediaDir = media.dir;
  });

  // Type 9 (Blowfish) is not offered: librtmp's server side refuses it.
  it.each([6, 8])(
    'downloads small.flv with RTMPE type %i: identical tags',
    async (type) => {
      const work = mkdtempSync(join(tmpdir(), 'rtmpsuck-'));
      const out = join(work, 'out.flv');
      const conf = `load_module ${NGINX_RTMP_MODULE}; daemon off; master_process off; error_log stderr warn; pid ${work}/nginx.pid; events { worker_connections 64; } rtmp { server { listen 127.0.0.1:19350; application vod { play ${mediaDir}; } } }`;
      const script = `cd ${work}; echo '${conf}' > nginx.conf; mkdir -p logs
      (exec timeout 60 nginx -p ${work} -c ${work}/nginx.conf -e stderr) & NGINX=$!
      for i in $(seq 100); do ss -ltn | grep -q ':19350 ' && break; sleep 0.1; done
      (sleep 60 | exec timeout 60 rtmpsuck) > rtmpsuck.log 2>&1 & SUCK=$!
      for i in $(seq 100); do ss -ltn | grep -q ':1935 ' && break; sleep 0.1; done
      "${process.execPath}" "${BIN}" dump -q -r rtmpe://127.0.0.1:1935/vod/small.flv -t rtmp://127.0.0.1:19350/vod -o ${out} --rtmpe-type ${type} && echo DUMP_OK
      kill $NGINX $SUCK 2>/dev/null || true; pkill -P $SUCK 2>/dev/null || true`;
      const result = await runInNetns(script, { timeoutMs: 90_000 });
      expect(result.stdout + result.stderr).toContain('DUMP_OK');
      expect(compareFlvTags(flvTags(small), flvTags(out)).differences).toEqual([]);
    },
    120_000,
  );
});
