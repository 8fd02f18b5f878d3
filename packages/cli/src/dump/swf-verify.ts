/**
 * SWF verification inputs (rtmpdump -w/-x, -W/-X; protocol.md §6.4): a given hash and size, or
 * fetch the player SWF, inflate it (CWS), hash it, and cache the result for `swfAge` days in
 * `~/.swfinfo.json` (librtmp keeps `~/.swfinfo`; ours is JSON).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { swfHash } from '@rtmp/commands';
import type { Logger } from '../logger.js';

interface SwfFlags {
  swfhash?: string;
  swfsize?: number;
  swfVfy?: string;
  swfAge?: number;
}

interface CacheEntry {
  checked: number;
  hash: string;
  size: number;
}

/** The verification answer inputs, or undefined when no SWF option was given. @throws {Error} on bad flags or a failed fetch. */
export async function swfVerificationFor(
  flags: SwfFlags,
  logger: Logger,
): Promise<{ hash: Uint8Array; size: number } | undefined> {
  if (flags.swfhash !== undefined || flags.swfsize !== undefined) {
    if (!flags.swfhash || !/^[0-9a-fA-F]{64}$/.test(flags.swfhash))
      throw new Error('--swfhash must be 64 hex digits (32 bytes)');
    if (!flags.swfsize || flags.swfsize <= 0) throw new Error('--swfsize is required with --swfhash');
    return { hash: Uint8Array.from(Buffer.from(flags.swfhash, 'hex')), size: flags.swfsize };
  }
  if (!flags.swfVfy) return undefined;
  const cachePath = join(homedir(), '.swfinfo.json');
  const cache: Record<string, CacheEntry> = await readFile(cachePath, 'utf8').then(
    (t) => JSON.parse(t) as Record<string, CacheEntry>,
    () => ({}),
  );
  const maxAgeMs = (flags.swfAge ?? 30) * 86_400_000;
  const cached = cache[flags.swfVfy];
  if (cached && Date.now() - cached.checked < maxAgeMs) {
    logger.verbose(`SWF hash from cache (${cachePath})`);
    return { hash: Uint8Array.from(Buffer.from(cached.hash, 'hex')), size: cached.size };
  }
  const response = await fetch(flags.swfVfy);
  if (!response.ok) throw new Error(`fetching the SWF failed: HTTP ${response.status}`);
  let swf = new Uint8Array(await response.arrayBuffer());
  if (swf[0] === 0x43 && swf[1] === 0x57 && swf[2] === 0x53) {
    const { inflateSync } = await import('node:zlib'); // only here: keeps zlib out of start-up
    const body = inflateSync(swf.subarray(8));
    const full = new Uint8Array(8 + body.length);
    full.set(swf.subarray(0, 8));
    full[0] = 0x46;
    full.set(body, 8);
    swf = full;
  } else if (swf[0] !== 0x46) {
    throw new Error('the SWF is neither FWS nor CWS (LZMA ZWS files are not supported, as in librtmp)');
  }
  const result = swfHash(swf);
  cache[flags.swfVfy] = {
    checked: Date.now(),
    hash: Buffer.from(result.hash).toString('hex'),
    size: result.size,
  };
  await writeFile(cachePath, JSON.stringify(cache, null, 2)).catch(() =>
    logger.warn(`could not write ${cachePath}`),
  );
  return result;
}
