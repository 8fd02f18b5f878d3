/**
 * Play name → file path, as nginx-rtmp's `play` directive maps them (an optional `flv:` prefix,
 * `.flv` appended unless present, query arguments dropped), refusing every name that could leave
 * the VOD root: `..` or `.` segments, absolute paths, backslashes, NUL, other prefixes (`mp4:`).
 */
import { resolve, sep } from 'node:path';
import { RtmpServerError, ServerErrorCode } from './server-error.js';

/** Longest play name accepted (bytes of UTF-16 code units; nginx-rtmp caps names at 256). */
export const MAX_PLAY_NAME_LENGTH = 1024;

/**
 * The stream name without query arguments (`name?token=1` → `name`), as live and VOD lookups use it.
 */
export function stripQuery(name: string): string {
  const q = name.indexOf('?');
  return q === -1 ? name : name.slice(0, q);
}

/**
 * Resolves a play name to an absolute `.flv` path inside `root`.
 * @throws {RtmpServerError} SERVER_PATH_REFUSED — the name is empty, too long, absolute, has a
 *   `..`/`.` segment, a backslash, a NUL, or a prefix other than `flv:`.
 */
export function resolveVodPath(root: string, playName: string): string {
  const refuse = (why: string): never => {
    throw new RtmpServerError(ServerErrorCode.PathRefused, `play name refused: ${why}`, {
      details: { name: playName.slice(0, 200) },
    });
  };
  let name = stripQuery(playName);
  if (name.length > MAX_PLAY_NAME_LENGTH) refuse('too long');
  if (name.slice(0, 4).toLowerCase() === 'flv:') name = name.slice(4);
  if (name.length === 0) refuse('empty');
  if (name.includes('\0')) refuse('NUL byte');
  if (name.includes('\\')) refuse('backslash');
  if (name.includes(':')) refuse('unsupported prefix (only flv: files are served)');
  if (name.startsWith('/')) refuse('absolute path');
  for (const segment of name.split('/')) {
    if (segment === '..' || segment === '.') refuse('dot segment');
    if (segment === '') refuse('empty segment');
  }
  if (!name.toLowerCase().endsWith('.flv')) name += '.flv';
  const base = resolve(root);
  const path = resolve(base, name);
  if (!path.startsWith(base + sep)) refuse('outside the root');
  return path;
}
