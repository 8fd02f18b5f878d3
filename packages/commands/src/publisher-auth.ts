/**
 * Publisher authentication (protocol.md §6.1 Adobe `authmod=adobe`, §6.2 Limelight
 * `authmod=llnw`; behaviour shared by FFmpeg `rtmpproto.c` and librtmp): reading the server's
 * `_error` description and computing the query string for the next connect. Pure functions: MD5
 * comes from @noble/hashes, the client nonce is injected (use a `RandomSource` to make one).
 */

import { md5 } from '@noble/hashes/legacy';
import { encodeUtf8, RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';

/** What a connect `_error` description says about publisher auth. */
export interface PublisherAuthChallenge {
  /** `adobe` or `llnw` (from `authmod=`). */
  authmod: 'adobe' | 'llnw' | (string & {});
  /**
   * `needauth` (round 2: salt/challenge/nonce given), `authfailed` (wrong password), `nosuchuser`,
   * or undefined in round 1 (`code=403 need auth; authmod=adobe`).
   */
  reason?: 'needauth' | 'authfailed' | 'nosuchuser' | (string & {});
  /** The query parameters after `?reason=…` (user, salt, challenge, opaque, nonce, …). */
  params: Readonly<Record<string, string>>;
}

/**
 * Reads an `_error` description such as
 * `[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=u&salt=s&challenge=c`.
 * Returns undefined when the description does not mention `authmod=`. Throws nothing.
 */
export function parsePublisherAuthChallenge(description: string): PublisherAuthChallenge | undefined {
  const mod = /authmod=([A-Za-z0-9_-]+)/.exec(description);
  if (!mod) return undefined;
  const challenge: PublisherAuthChallenge = { authmod: mod[1]!, params: {} };
  const reason = /\?reason=([^&\s\]]*)/.exec(description);
  if (reason) {
    challenge.reason = reason[1]!;
    const query = description.slice(reason.index + 1).split(/[\s\]]/, 1)[0]!;
    const params: Record<string, string> = Object.create(null);
    for (const pair of query.split('&')) {
      const eq = pair.indexOf('=');
      if (eq > 0) params[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    challenge.params = params;
  }
  return challenge;
}

/** Input of {@link adobeAuthQuery}. */
export interface AdobeAuthInput {
  user: string;
  password: string;
  salt: string;
  challenge?: string;
  opaque?: string;
  /** The client challenge (FFmpeg: 8 lowercase hex chars of a random U32; librtmp: base64 of 4 bytes). */
  clientChallenge: string;
}

/**
 * Adobe auth round 3: `hash1 = base64(md5(user + salt + password))`,
 * `response = base64(md5(hash1 + (opaque ?? challenge ?? "") + clientChallenge))`; returns the
 * query to append to `app` and `tcUrl`:
 * `?authmod=adobe&user=<user>&challenge=<clientChallenge>&response=<response>[&opaque=<opaque>]`.
 *
 * @throws {RtmpError} COMMANDS_AUTH_INVALID — empty user, salt or client challenge
 */
export function adobeAuthQuery(input: AdobeAuthInput): { response: string; query: string } {
  if (!input.user || !input.salt || !input.clientChallenge) {
    throw new RtmpError(CommandsErrorCode.AuthInvalid, 'adobe auth needs user, salt and a client challenge', {
      details: { user: !!input.user, salt: !!input.salt, clientChallenge: !!input.clientChallenge },
    });
  }
  const hash1 = base64(md5(encodeUtf8(input.user + input.salt + input.password)));
  const middle = input.opaque ?? input.challenge ?? '';
  const response = base64(md5(encodeUtf8(hash1 + middle + input.clientChallenge)));
  let query = `?authmod=adobe&user=${input.user}&challenge=${input.clientChallenge}&response=${response}`;
  if (input.opaque !== undefined) query += `&opaque=${input.opaque}`;
  return { response, query };
}

/** Input of {@link llnwAuthQuery}. */
export interface LlnwAuthInput {
  user: string;
  password: string;
  nonce: string;
  /** The app as connected (its query string is ignored). */
  app: string;
  /** Client nonce: 8 hex chars from a random U32. */
  cnonce: string;
  /** Default `00000001`. */
  nc?: string;
}

/**
 * Limelight auth round 3 (HTTP-Digest-like, realm `live`, method `publish`, qop `auth`): returns
 * `?authmod=llnw&user=…&nonce=…&cnonce=…&nc=…&response=…`.
 *
 * @throws {RtmpError} COMMANDS_AUTH_INVALID — empty user, nonce or cnonce
 */
export function llnwAuthQuery(input: LlnwAuthInput): { response: string; query: string } {
  if (!input.user || !input.nonce || !input.cnonce) {
    throw new RtmpError(CommandsErrorCode.AuthInvalid, 'llnw auth needs user, nonce and cnonce', {
      details: { user: !!input.user, nonce: !!input.nonce, cnonce: !!input.cnonce },
    });
  }
  const realm = 'live';
  const method = 'publish';
  const qop = 'auth';
  const nc = input.nc ?? '00000001';
  let appPath = input.app.split('?', 1)[0]!;
  if (!appPath.includes('/')) appPath += '/_definst_';
  const ha1 = md5Hex(`${input.user}:${realm}:${input.password}`);
  const ha2 = md5Hex(`${method}:/${appPath}`);
  const response = md5Hex(`${ha1}:${input.nonce}:${nc}:${input.cnonce}:${qop}:${ha2}`);
  const query = `?authmod=llnw&user=${input.user}&nonce=${input.nonce}&cnonce=${input.cnonce}&nc=${nc}&response=${response}`;
  return { response, query };
}

/** 8 lowercase hex chars of a U32 (FFmpeg's client challenge / cnonce format). Throws nothing. */
export function hexNonce(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function md5Hex(text: string): string {
  const digest = md5(encodeUtf8(text));
  let out = '';
  for (const byte of digest) out += byte.toString(16).padStart(2, '0');
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with `=` padding (RFC 4648 §4). Throws nothing. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}==`;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += `${ALPHABET[n >> 18]!}${ALPHABET[(n >> 12) & 63]!}${ALPHABET[(n >> 6) & 63]!}=`;
  }
  return out;
}
