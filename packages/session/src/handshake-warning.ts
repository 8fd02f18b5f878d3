/**
 * Handshake warnings as session events (RTMP spec 5.2; protocol.md §1: what a handshake step
 * reports without failing, e.g. a bad digest under `digestPolicy: 'warn'`). Shared by
 * ClientSession and ServerSession.
 */
import type { HandshakeWarning } from '@rtmp/handshake';
import type { WarningEvent } from './session-events.js';

/** The `warning` event that reports a handshake warning (`details` defaults to `{}`). */
export function handshakeWarningEvent(warning: HandshakeWarning): WarningEvent {
  return { type: 'warning', code: warning.code, message: warning.message, details: warning.details ?? {} };
}
