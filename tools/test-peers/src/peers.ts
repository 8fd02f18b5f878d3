/**
 * Which real peers are installed, and the CI rule for missing ones: in CI (`CI` set) a missing
 * peer fails the test; locally the test is skipped with a loud message.
 */
import { spawnSync } from 'node:child_process';
import { describe, it } from 'vitest';

/** The third-party programs the interop suite talks to. */
export type PeerName =
  | 'nginx'
  | 'rtmpdump'
  | 'rtmpsrv'
  | 'rtmpsuck'
  | 'ffmpeg'
  | 'ffprobe'
  | 'tshark'
  | 'openssl'
  | 'unshare';

const cache = new Map<string, boolean>();

/** True when the program is on PATH (and, for nginx, the rtmp module is installed). */
export function peerAvailable(name: PeerName): boolean {
  let found = cache.get(name);
  if (found === undefined) {
    found = spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
    if (found && name === 'nginx') found = spawnSync('test', ['-f', NGINX_RTMP_MODULE]).status === 0;
    cache.set(name, found);
  }
  return found;
}

/** Debian's path of the nginx-rtmp dynamic module. */
export const NGINX_RTMP_MODULE = '/usr/lib/nginx/modules/ngx_rtmp_module.so';
/** Debian's path of the nginx stream dynamic module (TLS terminator for rtmps). */
export const NGINX_STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

/** Minimal shape of vitest's test context used here. */
export interface SkippableContext {
  skip(note?: string): void;
}

/**
 * Ensures every named peer is installed. Missing in CI: throws (the test fails). Missing locally:
 * prints a loud warning and skips the test through `ctx.skip()` (or throws when no ctx is given).
 * Accepts `(ctx, ...names)` or `(...names)`.
 */
export function requirePeer(...args: Array<SkippableContext | PeerName>): void {
  const ctx = typeof args[0] !== 'string' ? (args.shift() as SkippableContext) : undefined;
  const missing = (args as PeerName[]).filter((name) => !peerAvailable(name));
  if (missing.length === 0) return;
  const message = `interop peer(s) missing: ${missing.join(', ')} — run .ci/install-peers.sh`;
  if (process.env.CI || !ctx) throw new Error(message);
  console.warn(`\n!!! SKIPPED: ${message}\n`);
  ctx.skip(message);
}

/** True when we may create network namespaces (`unshare -n` as root). */
export function unshareAvailable(): boolean {
  return peerAvailable('unshare') && spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` for an interop suite that needs real peers. All present: a normal `describe`.
 * Missing in CI: the suite is one failing test naming what is missing. Missing locally: the
 * suite is skipped with a loud warning.
 */
export function describeWithPeers(peers: readonly PeerName[], name: string, body: () => void): void {
  const missing = peers.filter((peer) => !peerAvailable(peer));
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const message = `interop peer(s) missing: ${missing.join(', ')} — run .ci/install-peers.sh`;
  if (process.env.CI) {
    describe(name, () => {
      it('has its interop peers installed', () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPED suite "${name}": ${message}\n`);
  describe.skip(name, body);
}
