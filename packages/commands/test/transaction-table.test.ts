import { TransactionTable } from '@rtmp/commands';
import { describe, expect, it } from 'vitest';

describe('TransactionTable', () => {
  it('allocates 1, 2, 3… as librtmp and FFmpeg do and matches out-of-order answers', () => {
    const t = new TransactionTable<string>();
    expect(t.allocate('connect', 'c')).toBe(1);
    expect(t.allocate('createStream', 's')).toBe(2);
    expect(t.allocate('FCSubscribe', 'f')).toBe(3);
    expect(t.match(3)?.name).toBe('FCSubscribe');
    expect(t.match(1)).toMatchObject({ id: 1, name: 'connect', context: 'c' });
    expect(t.match(1)).toBeUndefined(); // answered once
    expect(t.match(99)).toBeUndefined(); // unknown: ignored, as librtmp does
    expect(t.size).toBe(1);
    expect(t.peek(2)?.name).toBe('createStream');
  });

  it('takeByName removes the oldest pending call of that name (play answered by onStatus)', () => {
    const t = new TransactionTable();
    t.allocate('play', undefined);
    t.allocate('createStream', undefined);
    t.allocate('play', undefined);
    expect(t.takeByName('play')?.id).toBe(1);
    expect(t.takeByName('play')?.id).toBe(3);
    expect(t.takeByName('play')).toBeUndefined();
    expect(t.size).toBe(1);
  });

  it('is bounded by maxPending', () => {
    const t = new TransactionTable({ maxPending: 2 });
    t.allocate('a', undefined);
    t.allocate('b', undefined);
    expect(() => t.allocate('c', undefined)).toThrowError(
      expect.objectContaining({
        code: 'COMMANDS_TOO_MANY_PENDING',
        details: expect.objectContaining({ limit: 2 }),
      }),
    );
    t.match(1);
    expect(t.allocate('c', undefined)).toBe(3);
  });

  it('register accepts external ids and skips them when allocating', () => {
    const t = new TransactionTable({ firstId: 5 });
    t.register(6, 'x', undefined);
    expect(t.allocate('y', undefined)).toBe(7);
    expect(() => t.register(6, 'dup', undefined)).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_TRANSACTION' }),
    );
    expect(() => t.register(0, 'zero', undefined)).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_TRANSACTION' }),
    );
    expect(() => new TransactionTable({ firstId: 0 })).toThrowError(
      expect.objectContaining({ code: 'COMMANDS_INVALID_TRANSACTION' }),
    );
  });

  it('expire and clear hand back pending calls oldest first', () => {
    const t = new TransactionTable();
    t.allocate('a', undefined, 100);
    t.allocate('b', undefined, 200);
    t.allocate('c', undefined, 300);
    expect(t.expire(250).map((e) => e.name)).toEqual(['a', 'b']);
    expect([...t.entries()].map((e) => e.name)).toEqual(['c']);
    expect(t.clear().map((e) => e.id)).toEqual([3]);
    expect(t.size).toBe(0);
    expect(t.nextId).toBe(4);
  });
});
