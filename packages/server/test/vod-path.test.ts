// Play name → file path, the nginx-rtmp way (flv: prefix, .flv appended, query dropped), and
// every traversal shape refused with SERVER_PATH_REFUSED.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveVodPath, stripQuery } from '../src/index.js';

const root = '/srv/media';

describe('resolveVodPath', () => {
  it.each([
    ['small', 'small.flv'],
    ['small.flv', 'small.flv'],
    ['SMALL.FLV', 'SMALL.FLV'],
    ['flv:small', 'small.flv'],
    ['FLV:small.flv', 'small.flv'],
    ['dir/clip', 'dir/clip.flv'],
    ['small?token=abc', 'small.flv'],
    ['small.flv?a=1&b=../../x', 'small.flv'],
    ['..hidden', '..hidden.flv'],
    ['a..b', 'a..b.flv'],
  ])('%s → root/%s', (name, file) => {
    expect(resolveVodPath(root, name)).toBe(join(root, file));
  });

  it.each([
    ['', 'empty'],
    ['flv:', 'empty'],
    ['../etc/passwd', 'dot segment'],
    ['a/../../etc/passwd', 'dot segment'],
    ['a/..', 'dot segment'],
    ['./small', 'dot segment'],
    ['/etc/passwd', 'absolute'],
    ['//etc/passwd', 'absolute'],
    ['a//b', 'empty segment'],
    ['a\\..\\b', 'backslash'],
    ['a\0b', 'NUL'],
    ['mp4:small.mp4', 'prefix'],
    ['C:/windows', 'prefix'],
    ['x'.repeat(1025), 'too long'],
  ])('refuses %j (%s)', (name, why) => {
    expect(() => resolveVodPath(root, name)).toThrowError(
      expect.objectContaining({ code: 'SERVER_PATH_REFUSED', message: expect.stringContaining(why) }),
    );
  });

  it('never resolves outside the root, whatever the name (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('..', '.', 'a', 'b.flv', '', '/', '\\', 'flv:', '%2e%2e', '\0', '?', 'é'), {
          maxLength: 8,
        }),
        (parts) => {
          const name = parts.join('/');
          try {
            const path = resolveVodPath(root, name);
            expect(path.startsWith(`${root}/`)).toBe(true);
            expect(path.endsWith('.flv') || path.endsWith('.FLV')).toBe(true);
          } catch (error) {
            expect((error as { code?: string }).code).toBe('SERVER_PATH_REFUSED');
          }
        },
      ),
      { numRuns: process.env.RTMP_SLOW === '1' ? 50_000 : 1000 },
    );
  });

  it('stripQuery drops everything from the first ?', () => {
    expect(stripQuery('a?b?c')).toBe('a');
    expect(stripQuery('plain')).toBe('plain');
    expect(stripQuery('?x')).toBe('');
  });
});
