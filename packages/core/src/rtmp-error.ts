/**
 * RtmpError: the base of every error the @rtmp packages throw.
 *
 * Every error carries a stable, documented `code` string (e.g. `AMF0_TRUNCATED`) that callers
 * switch on, an optional `cause`, and optional structured `details`. A `Symbol.for` brand makes
 * {@link RtmpError.is} work across duplicate copies of this package in one process (where
 * `instanceof` fails).
 */

const BRAND = Symbol.for('@rtmp/core/RtmpError');

/** Options accepted by {@link RtmpError}'s constructor. */
export interface RtmpErrorOptions {
  /** The underlying error, kept as the standard `cause` property. */
  cause?: unknown;
  /** Structured facts about the failure (byte offset, limit, observed value, ...). */
  details?: Readonly<Record<string, unknown>>;
}

/** The base error class. Subclasses only narrow `code`; never match on `message`. */
export class RtmpError extends Error {
  /** Stable machine-readable error code, `PACKAGE_REASON` in upper snake case. */
  readonly code: string;
  /** Structured facts about the failure; empty when there are none. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: RtmpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
    Object.defineProperty(this, BRAND, { value: true });
  }

  override get name(): string {
    return 'RtmpError';
  }

  /** True for any RtmpError, including ones created by another copy of this package. */
  static is(value: unknown): value is RtmpError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** True when `value` is an RtmpError with the given code. */
  static hasCode(value: unknown, code: string): value is RtmpError {
    return RtmpError.is(value) && value.code === code;
  }
}

/** Error codes thrown by @rtmp/core itself. */
export const CoreErrorCode = {
  /** A read went past the end of the input. */
  OutOfBounds: 'CORE_OUT_OF_BOUNDS',
  /** A value does not fit the field it is written to. */
  ValueOutOfRange: 'CORE_VALUE_OUT_OF_RANGE',
  /** A writer would grow past its configured maximum size. */
  BufferLimit: 'CORE_BUFFER_LIMIT',
  /** Bytes are not valid UTF-8 where UTF-8 is required. */
  InvalidUtf8: 'CORE_INVALID_UTF8',
} as const;
