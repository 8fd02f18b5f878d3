/**
 * One-line error messages for people (no stack traces): the server's status code and
 * description when there is one, else the message, with the stable error code in brackets.
 */
import { RtmpError } from '@rtmp/core';

/** `NetStream.Play.StreamNotFound: Failed to play x [CLIENT_PLAY_FAILED]`. */
export function formatError(error: unknown): string {
  if (RtmpError.is(error)) {
    const status = error.details.statusCode;
    const description = error.details.description;
    if (typeof status === 'string')
      return `${status}${typeof description === 'string' && description ? `: ${description}` : ''} [${error.code}]`;
    return `${error.message} [${error.code}]`;
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ? `${error.message} [${code}]` : error.message;
  }
  return String(error);
}
