/**
 * The send-stall deadline (`sendTimeout`, CLIENT_SEND_TIMEOUT): a writer waiting for the
 * transport to drain gives up when the server takes no data for that long. librtmp has no such
 * deadline: its blocking send waits for the socket's SO_SNDTIMEO, which it sets to the same
 * `timeout=` as reads. A peer that stops reading while it still sends pings keeps the idle
 * watchdog quiet, so only this catches it.
 */
import { ClientErrorCode, RtmpClientError } from './client-error.js';

/**
 * Resolves when `drain()` does; after `sendTimeout` ms (0: never) calls `onStall` with a
 * CLIENT_SEND_TIMEOUT error and rejects with it.
 */
export async function drainWithin(
  drain: () => Promise<void>,
  sendTimeout: number,
  onStall: (error: RtmpClientError) => void,
): Promise<void> {
  if (sendTimeout <= 0) return drain();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new RtmpClientError(
        ClientErrorCode.SendTimeout,
        `the server took no data for ${sendTimeout} ms`,
        { details: { sendTimeout } },
      );
      onStall(error);
      reject(error);
    }, sendTimeout);
  });
  try {
    await Promise.race([drain(), stalled]);
  } finally {
    clearTimeout(timer);
  }
}
