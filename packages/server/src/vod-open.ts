/**
 * Opening a VOD file for a play request: name → path (refusing traversal), open, header check.
 * Failures are warnings and `undefined` (the caller answers StreamNotFound), never throws.
 */
import type { ServerContext } from './server-context.js';
import { ServerWarningCode } from './server-error.js';
import { VodFile } from './vod-file.js';
import { resolveVodPath } from './vod-path.js';

/** Opens the FLV file a play name maps to, or returns undefined (missing, refused, not FLV). */
export async function openVod(
  ctx: ServerContext,
  connectionId: number,
  name: string,
): Promise<VodFile | undefined> {
  const root = ctx.options.root;
  if (root === undefined) return undefined;
  let path: string;
  try {
    path = resolveVodPath(root, name);
  } catch (error) {
    ctx.warn(ServerWarningCode.PathRefused, (error as Error).message, connectionId, error);
    return undefined;
  }
  try {
    return await VodFile.open(path, ctx.options.maxMetadataBytes);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR')
      ctx.warn(
        ServerWarningCode.VodReadFailed,
        `cannot serve ${name}: ${(error as Error).message}`,
        connectionId,
        error,
      );
    return undefined;
  }
}
