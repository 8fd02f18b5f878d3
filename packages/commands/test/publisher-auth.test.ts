/**
 * Publisher auth (protocol.md §6.1/§6.2). Expected hashes were computed independently with
 * Python's hashlib/base64:
 *   b64md5 = lambda s: base64.b64encode(hashlib.md5(s.encode()).digest()).decode()
 *   hash1 = b64md5('alice' + 's4lt' + 'pa55'); b64md5(hash1 + 'ch4ll' + '0a1b2c3d') …
 *   md = lambda s: hashlib.md5(s.encode()).hexdigest(); ha1 = md('bob:live:secret') …
 */
import { adobeAuthQuery, base64, hexNonce, llnwAuthQuery, parsePublisherAuthChallenge } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';

describe('adobe auth', () => {
  const base = { user: 'alice', password: 'pa55', salt: 's4lt', clientChallenge: '0a1b2c3d' };

  it('uses the server challenge when there is no opaque', () => {
    expect(adobeAuthQuery({ ...base, challenge: 'ch4ll' })).toEqual({
      response: 'bYBycj6C0uuyn1qntQUpJw==',
      query: '?authmod=adobe&user=alice&challenge=0a1b2c3d&response=bYBycj6C0uuyn1qntQUpJw==',
    });
  });

  it('prefers opaque and appends it', () => {
    expect(adobeAuthQuery({ ...base, challenge: 'ch4ll', opaque: '0p4que' })).toEqual({
      response: 'HWY6apM4GKENkTrH3fcIFg==',
      query: '?authmod=adobe&user=alice&challenge=0a1b2c3d&response=HWY6apM4GKENkTrH3fcIFg==&opaque=0p4que',
    });
  });

  it('works with neither challenge nor opaque', () => {
    expect(adobeAuthQuery(base).response).toBe('zHesMWypxIUuHAoVpk8mfA==');
  });

  it('needs user, salt and a client challenge', () => {
    expect(() => adobeAuthQuery({ ...base, salt: '' })).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_AUTH_INVALID' }),
    );
  });
});

describe('llnw auth', () => {
  it('appends /_definst_ to an app without instance and ignores its query', () => {
    const r = llnwAuthQuery({
      user: 'bob',
      password: 'secret',
      nonce: 'n0nce',
      app: 'live?x=1',
      cnonce: 'deadbeef',
    });
    expect(r.response).toBe('9e5f6c14339f0d1179b69721680178a5');
    expect(r.query).toBe(
      '?authmod=llnw&user=bob&nonce=n0nce&cnonce=deadbeef&nc=00000001&response=9e5f6c14339f0d1179b69721680178a5',
    );
  });

  it('keeps an app/instance path', () => {
    const r = llnwAuthQuery({
      user: 'bob',
      password: 'secret',
      nonce: 'n0nce',
      app: 'app/inst',
      cnonce: 'deadbeef',
    });
    expect(r.response).toBe('beb92422114444d81721d537f2919f2d');
  });

  it('needs a nonce', () => {
    expect(() => llnwAuthQuery({ user: 'u', password: '', nonce: '', app: 'a', cnonce: 'c' })).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_AUTH_INVALID' }),
    );
  });
});

describe('parsePublisherAuthChallenge', () => {
  it('round 1: authmod only', () => {
    expect(
      parsePublisherAuthChallenge('[ AccessManager.Reject ] : [ code=403 need auth; authmod=adobe ] : '),
    ).toEqual({
      authmod: 'adobe',
      params: {},
    });
  });

  it('round 2: needauth with salt, challenge and opaque', () => {
    const c = parsePublisherAuthChallenge(
      '[ AccessManager.Reject ] : [ authmod=adobe ] : ?reason=needauth&user=alice&salt=s4lt&challenge=ch4ll&opaque=0p4que',
    );
    expect(c?.reason).toBe('needauth');
    expect({ ...c?.params }).toEqual({
      reason: 'needauth',
      user: 'alice',
      salt: 's4lt',
      challenge: 'ch4ll',
      opaque: '0p4que',
    });
  });

  it('llnw nonce, authfailed, and unrelated descriptions', () => {
    expect(
      parsePublisherAuthChallenge('authmod=llnw ?reason=needauth&user=bob&nonce=n0nce')?.params.nonce,
    ).toBe('n0nce');
    expect(parsePublisherAuthChallenge('authmod=adobe ?reason=authfailed')?.reason).toBe('authfailed');
    expect(parsePublisherAuthChallenge('Connection rejected.')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('base64 (RFC 4648 §10 test vectors) and hexNonce', () => {
    const enc = (s: string) => base64(new TextEncoder().encode(s));
    expect(['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar'].map(enc)).toEqual([
      '',
      'Zg==',
      'Zm8=',
      'Zm9v',
      'Zm9vYg==',
      'Zm9vYmE=',
      'Zm9vYmFy',
    ]);
    expect(hexNonce(0xdeadbeef)).toBe('deadbeef');
    expect(hexNonce(1)).toBe('00000001');
  });
});
