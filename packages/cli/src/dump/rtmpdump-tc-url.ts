/**
 * rtmpdump's tcUrl (rtmpdump.c `main`, protocol.md §10): when `-t` is not given, rtmpdump sends
 * `protocol://host:port/app` with the default port filled in, where librtmp's URL parser alone
 * keeps the URL's own text (`rtmp://host/app`). Also prints the resolved parameters at debug
 * level (`-z`), like rtmpdump's `DEBUG: Protocol : ...` lines.
 */
import { type RtmpConnectionParams, resolveRtmpUrl } from '@rtmp/client';
import type { Logger } from '../logger.js';

/**
 * Sets `params.tcUrl` the rtmpdump way, unless the URL's options carry `tcUrl=`; logs the
 * resolved parameters with `logger.debug`. A URL that does not resolve is left alone (connect()
 * reports it with its URL_* code). Never throws.
 */
export function applyRtmpdumpTcUrl(url: string, params: Partial<RtmpConnectionParams>, logger: Logger): void {
  let resolved: RtmpConnectionParams;
  try {
    // Overriding the app (with its own value) makes the resolver build protocol://host:port/app;
    // a `tcUrl=` option in the URL still wins.
    resolved = resolveRtmpUrl(url, { ...params, app: resolveRtmpUrl(url, params).app });
  } catch {
    return;
  }
  params.tcUrl = resolved.tcUrl;
  logger.debug(`Protocol : ${resolved.protocol.toUpperCase()}`);
  logger.debug(`Hostname : ${resolved.host}`);
  logger.debug(`Port     : ${resolved.port}`);
  logger.debug(`Playpath : ${resolved.playpath}`);
  logger.debug(`tcUrl    : ${resolved.tcUrl}`);
  logger.debug(`app      : ${resolved.app}`);
  if (resolved.swfUrl) logger.debug(`swfUrl   : ${resolved.swfUrl}`);
  if (resolved.pageUrl) logger.debug(`pageUrl  : ${resolved.pageUrl}`);
  logger.debug(`live     : ${resolved.live ? 'yes' : 'no'}`);
  logger.debug(`timeout  : ${resolved.timeout} sec`);
  if (resolved.start > 0) logger.debug(`SeekTime : ${resolved.start / 1000} sec`);
  if (resolved.stop > 0) logger.debug(`StopTime : ${resolved.stop / 1000} sec`);
  logger.debug(`buffer   : ${resolved.buffer} ms`);
}
