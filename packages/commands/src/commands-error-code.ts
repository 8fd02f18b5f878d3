/**
 * The error codes thrown by @rtmp/commands (every one is an `RtmpError` from @rtmp/core).
 * Callers switch on `error.code`; messages are for humans and may change.
 */

/** Stable error codes of this package. */
export const CommandsErrorCode = {
  /** A `conn=` / `--conn` / `rtmp_conn` item is malformed (unknown type, bad value, bad name). */
  ConnInvalidItem: 'COMMANDS_CONN_INVALID_ITEM',
  /** `O:0` without an open object, an object left open, or nesting deeper than allowed. */
  ConnUnbalanced: 'COMMANDS_CONN_UNBALANCED',
  /** More `conn` items than `maxItems`. */
  ConnTooManyItems: 'COMMANDS_CONN_TOO_MANY_ITEMS',
  /** The message is not a command/data message (wrong type id, empty, or no name string first). */
  NotACommand: 'COMMANDS_NOT_A_COMMAND',
  /** An AMF3-framed message (type 15/17) does not start with the 0x00 format byte. */
  BadFormatByte: 'COMMANDS_BAD_FORMAT_BYTE',
  /** The AMF payload could not be decoded; the AMF error is the `cause`. */
  MalformedAmf: 'COMMANDS_MALFORMED_AMF',
  /** A known command or data message carries arguments of the wrong type or too few of them. */
  InvalidArgument: 'COMMANDS_INVALID_ARGUMENT',
  /** The message is larger than the decoder's `maxMessageSize`. */
  MessageTooLarge: 'COMMANDS_MESSAGE_TOO_LARGE',
  /** The transaction table is full (`maxPending`). */
  TooManyPending: 'COMMANDS_TOO_MANY_PENDING',
  /** A transaction id is already pending, or is not a positive safe integer. */
  InvalidTransaction: 'COMMANDS_INVALID_TRANSACTION',
  /** A builder was given a value it cannot encode (empty name, non-finite number, bad enum). */
  InvalidValue: 'COMMANDS_INVALID_VALUE',
  /** `secureToken` is not hex, has a length that is not a multiple of 8, or is too long. */
  SecureTokenInvalid: 'COMMANDS_SECURE_TOKEN_INVALID',
  /** A publisher-auth computation lacks a required field (salt, nonce, user). */
  AuthInvalid: 'COMMANDS_AUTH_INVALID',
} as const;

/** A value of {@link CommandsErrorCode}. */
export type CommandsErrorCodeValue = (typeof CommandsErrorCode)[keyof typeof CommandsErrorCode];
