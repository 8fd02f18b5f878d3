/**
 * What a sans-IO session hands back from every call: bytes to write to the peer and events for
 * the application, in the order they happened (architecture: "returns Output[]").
 */
import type { SessionEvent } from './session-events.js';

/** Bytes to write to the transport, in order. The array is the caller's to keep. */
export interface SendOutput {
  type: 'send';
  bytes: Uint8Array;
}

/** Something happened that the application may act on. */
export interface EventOutput<E = SessionEvent> {
  type: 'event';
  event: E;
}

/** One output of a session call (E: the role's event union). */
export type SessionOutput<E = SessionEvent> = SendOutput | EventOutput<E>;
