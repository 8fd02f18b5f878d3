import { RtmpError } from '@rtmp/core';
import { describe, expect, it } from 'vitest';

describe('RtmpError', () => {
  it('carries code, cause and details', () => {
    const cause = new Error('socket');
    const error = new RtmpError('X_FAILED', 'it failed', { cause, details: { offset: 4 } });
    expect(error.code).toBe('X_FAILED');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ offset: 4 });
    expect(error.name).toBe('RtmpError');
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised across duplicate copies through its Symbol.for brand', () => {
    // A second copy of the package would have its own class but the same registered symbol.
    const foreign = Object.assign(new Error('other copy'), { code: 'Y' });
    Object.defineProperty(foreign, Symbol.for('@rtmp/core/RtmpError'), { value: true });
    expect(RtmpError.is(foreign)).toBe(true);
    expect(RtmpError.is(new Error('plain'))).toBe(false);
    expect(RtmpError.is(null)).toBe(false);
    expect(RtmpError.hasCode(foreign, 'Y')).toBe(true);
    expect(RtmpError.hasCode(foreign, 'Z')).toBe(false);
  });

  it('subclasses keep the brand', () => {
    class AmfError extends RtmpError {}
    expect(RtmpError.is(new AmfError('A', 'b'))).toBe(true);
  });
});
