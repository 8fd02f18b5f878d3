/**
 * rtmpdump's exit codes (rtmpdump.c `RD_SUCCESS`, `RD_FAILED`, `RD_INCOMPLETE`, `RD_NO_CONNECT`),
 * kept so scripts written for rtmpdump keep working.
 */
export const ExitCode = {
  /** The download is complete. */
  Success: 0,
  /** It failed (bad options, server refusal, protocol error, file error). */
  Failed: 1,
  /** It stopped early (connection lost, timeout, Ctrl-C) and can be resumed with `-e`. */
  Incomplete: 2,
  /** It could not connect (network, handshake, connect rejected). */
  NoConnect: 3,
} as const;

/** A value of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
