/**
 * Options of ServerSession (protocol.md §5.4 seen from the server: what nginx-rtmp and FMS
 * announce after connect, and the limits on what a client may ask for).
 */
import type { Amf0Value } from '@rtmp/amf0';
import type { ChunkDecoderOptions } from '@rtmp/chunk';
import type { DecodeOptions } from '@rtmp/commands';
import type { Clock, RandomSource } from '@rtmp/core';
import type { DigestPolicy, HandshakeType } from '@rtmp/handshake';

/** Options of {@link ServerSession}. */
export interface ServerSessionOptions {
  random: RandomSource;
  clock?: Clock | undefined;
  /** Handshake types accepted (default 3, 6, 8, 9). */
  acceptTypes?: readonly HandshakeType[] | undefined;
  digestPolicy?: DigestPolicy | undefined;
  /** Outgoing chunk size announced after connect (default 4096, as nginx-rtmp). */
  chunkSize?: number | undefined;
  /** Window Ack Size and Set Peer Bandwidth announced after connect (default 2,500,000). */
  windowAckSize?: number | undefined;
  decoder?: ChunkDecoderOptions | undefined;
  commandDecode?: DecodeOptions | undefined;
  /** Most NetStreams a client may create (default 16). */
  maxStreams?: number | undefined;
  /** The `_result` properties of connect (default fmsVer FMS/3,5,7,7009, capabilities 31). */
  serverProperties?: Readonly<Record<string, Amf0Value>> | undefined;
}
