/**
 * nginx with the nginx-rtmp module on loopback, in a private prefix: the reference RTMP server of
 * the interop suite. Mirrors the lab configuration: apps vod/live/record on a chunk-4096 server and
 * vod/live on a chunk-128 server, a TLS terminator (nginx stream module) for rtmps, and an HTTP
 * port with rtmp_stat.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestCertificates } from './certs.js';
import { NGINX_RTMP_MODULE, NGINX_STREAM_MODULE } from './peers.js';
import { freePorts, waitForPort } from './ports.js';
import { run } from './run.js';

/** Options for {@link startNginx}. */
export interface NginxOptions {
  /** Directory the `vod` apps play from (default: none; pass `testMedia().dir`). */
  mediaDir?: string;
  /** Extra directives inside each `rtmp { server { ... } }` block. */
  extraServerConfig?: string;
}

/** A running nginx-rtmp. */
export interface NginxPeer {
  /** rtmp, chunk_size 4096 (sent as Set Chunk Size after connect): apps vod, live, record. */
  rtmpPort: number;
  /** rtmp, chunk_size 128 (never changes it), out_queue 8192 (no vod drops): apps vod, live. */
  rtmp128Port: number;
  /** rtmps: TLS terminator (server cert for 127.0.0.1/localhost signed by `caPath`) → rtmpPort. */
  rtmpsPort: number;
  /** http: `/stat` (rtmp_stat XML). */
  httpPort: number;
  certPath: string;
  caPath: string;
  /** Where the `record` app writes `<stream>.flv`. */
  recordDir: string;
  mediaDir: string;
  /** The private prefix (conf, logs). */
  prefix: string;
  /** nginx's error log so far (for assertions and failure messages). */
  errorLog(): string;
  /** Stops nginx (TERM, then KILL) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts a private nginx-rtmp on free loopback ports. Needs nginx + libnginx-mod-rtmp/-stream. */
export async function startNginx(options: NginxOptions = {}): Promise<NginxPeer> {
  const prefix = mkdtempSync(join(tmpdir(), 'rtmp-nginx-'));
  chmodSync(prefix, 0o755);
  const recordDir = join(prefix, 'rec');
  const mediaDir = options.mediaDir ?? join(prefix, 'media');
  for (const d of ['logs', 'tmp', 'rec', 'media']) mkdirSync(join(prefix, d), { recursive: true });
  chmodSync(recordDir, 0o1777);
  const certs = await makeTestCertificates(join(prefix, 'certs'));
  const [rtmpPort, rtmp128Port, rtmpsPort, httpPort] = (await freePorts(4)) as [
    number,
    number,
    number,
    number,
  ];
  const extra = options.extraServerConfig ?? '';
  const pidPath = join(prefix, 'nginx.pid');
  const errorLogPath = join(prefix, 'logs', 'error.log');
  const conf = `
load_module ${NGINX_RTMP_MODULE};
load_module ${NGINX_STREAM_MODULE};
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
daemon on;
master_process on;
pid ${pidPath};
error_log ${errorLogPath} info;
events { worker_connections 4096; }
rtmp {
  access_log ${join(prefix, 'logs', 'rtmp_access.log')};
  server {
    listen 127.0.0.1:${rtmpPort};
    chunk_size 4096;
    ${extra}
    application vod    { play ${mediaDir}; }
    application live   { live on; }
    application record { live on; record all; record_path ${recordDir}; record_unique off; }
  }
  server {
    listen 127.0.0.1:${rtmp128Port};
    chunk_size 128;
    # nginx-rtmp vod loses messages when a session's send queue (default 256) fills during a
    # full-speed download (a server bug, see the lab notes); a deep queue keeps byte-exact checks
    # reliable on a loaded machine.
    out_queue 8192;
    ${extra}
    application vod  { play ${mediaDir}; }
    application live { live on; }
  }
}
stream {
  server {
    listen 127.0.0.1:${rtmpsPort} ssl;
    ssl_certificate     ${certs.certPath};
    ssl_certificate_key ${certs.keyPath};
    proxy_pass 127.0.0.1:${rtmpPort};
  }
}
http {
  access_log off;
  client_body_temp_path ${join(prefix, 'tmp', 'body')};
  proxy_temp_path ${join(prefix, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(prefix, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(prefix, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(prefix, 'tmp', 'scgi')};
  server {
    listen 127.0.0.1:${httpPort};
    location /stat { rtmp_stat all; }
  }
}
`;
  const confPath = join(prefix, 'nginx.conf');
  writeFileSync(confPath, conf);
  const started = await run('nginx', ['-p', prefix, '-c', confPath, '-e', errorLogPath], {
    timeoutMs: 20_000,
  });
  if (started.code !== 0) throw new Error(`nginx failed to start: ${started.stderr}`);
  await Promise.all([rtmpPort, rtmp128Port, rtmpsPort, httpPort].map((p) => waitForPort(p)));
  const masterPid = Number(readFileSync(pidPath, 'utf8').trim());
  const killer = () => {
    try {
      process.kill(masterPid, 'SIGTERM');
    } catch {}
  };
  process.once('exit', killer);
  return {
    rtmpPort,
    rtmp128Port,
    rtmpsPort,
    httpPort,
    certPath: certs.certPath,
    caPath: certs.caPath,
    recordDir,
    mediaDir,
    prefix,
    errorLog: () => {
      try {
        return readFileSync(errorLogPath, 'utf8');
      } catch {
        return '';
      }
    },
    stop: async () => {
      process.off('exit', killer);
      const alive = () => {
        try {
          process.kill(masterPid, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (!alive()) return;
      process.kill(masterPid, 'SIGTERM');
      for (let i = 0; i < 50 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
      if (alive()) process.kill(masterPid, 'SIGKILL');
    },
  };
}
