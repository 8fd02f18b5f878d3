/**
 * The six RTMP protocol variants librtmp knows, with their transport, encryption and default
 * port (librtmp rtmp.h `RTMP_PROTOCOL_*`/`RTMP_FEATURE_*`, rtmp.c `RTMP_SetupURL`; protocol.md §10).
 */

/** A protocol (URL scheme) the client can speak. `rtmfp` (UDP) is not supported. */
export type RtmpProtocol = 'rtmp' | 'rtmpt' | 'rtmpe' | 'rtmpte' | 'rtmps' | 'rtmpts';

/** How the bytes travel: plain TCP, TLS, HTTP tunnel (RTMPT) or HTTP tunnel over TLS. */
export type RtmpTransportKind = 'tcp' | 'tls' | 'http' | 'https';

/** What a protocol implies. */
export interface RtmpProtocolInfo {
  /** rtmpdump's `--protocol` number (0 rtmp, 1 rtmpt, 2 rtmpe, 3 rtmpte, 4 rtmps, 5 rtmpts). */
  readonly number: number;
  readonly transport: RtmpTransportKind;
  /** RTMPE: the Diffie-Hellman/RC4 handshake (types 6/8/9) is used. */
  readonly encrypted: boolean;
  /** librtmp: SSL → 443, else HTTP → 80, else 1935. */
  readonly defaultPort: number;
}

/** The protocol table, keyed by lower-case scheme. */
export const RTMP_PROTOCOLS: Readonly<Record<RtmpProtocol, RtmpProtocolInfo>> = {
  rtmp: { number: 0, transport: 'tcp', encrypted: false, defaultPort: 1935 },
  rtmpt: { number: 1, transport: 'http', encrypted: false, defaultPort: 80 },
  rtmpe: { number: 2, transport: 'tcp', encrypted: true, defaultPort: 1935 },
  rtmpte: { number: 3, transport: 'http', encrypted: true, defaultPort: 80 },
  rtmps: { number: 4, transport: 'tls', encrypted: false, defaultPort: 443 },
  rtmpts: { number: 5, transport: 'https', encrypted: false, defaultPort: 443 },
};

/** True when `name` (already lower-cased) is a supported protocol. */
export function isRtmpProtocol(name: string): name is RtmpProtocol {
  return Object.hasOwn(RTMP_PROTOCOLS, name);
}

/**
 * Maps rtmpdump's `--protocol` number to a protocol name; `undefined` for anything else
 * (rtmpdump accepts 0–5).
 */
export function rtmpProtocolFromNumber(value: number): RtmpProtocol | undefined {
  for (const name of Object.keys(RTMP_PROTOCOLS) as RtmpProtocol[]) {
    if (RTMP_PROTOCOLS[name].number === value) return name;
  }
  return undefined;
}
