/**
 * SessionPump: feeds a connection's bytes to its sans-IO session and hands the outputs on in
 * order — bytes to the socket, events to the application. An event whose answer is a Promise
 * (a delayed hook, a file being opened) holds everything after it: the remaining outputs wait,
 * new input is queued and the socket paused, so requests are answered strictly in order.
 */
import type { SessionOutput } from '@rtmp/session';

/** What the pump drives. */
export interface SessionPumpHost<E> {
  /** The session's `receive` (may throw: the protocol was broken). */
  receive(bytes: Uint8Array): SessionOutput<E>[];
  send(bytes: Uint8Array): void;
  /** Handles an event; a Promise holds the pump until it settles. */
  event(event: E): Promise<void> | undefined;
  /** A receive or an event failed: the connection must end. */
  fail(error: unknown): void;
  readonly closed: boolean;
  pause(): void;
  resume(): void;
}

/** The ordered input pump of one connection. */
export class SessionPump<E> {
  private readonly inbox: Uint8Array[] = [];
  private blocked = false;

  constructor(private readonly host: SessionPumpHost<E>) {}

  /** Bytes from the socket. */
  push(bytes: Uint8Array): void {
    const host = this.host;
    if (host.closed) return;
    if (this.blocked) {
      this.inbox.push(bytes);
      host.pause();
      return;
    }
    let outputs: SessionOutput<E>[];
    try {
      outputs = host.receive(bytes);
    } catch (error) {
      host.fail(error);
      return;
    }
    this.run(outputs, 0);
  }

  /** Drops queued input (the connection closed). */
  clear(): void {
    this.inbox.length = 0;
  }

  private run(outputs: SessionOutput<E>[], from: number): void {
    const host = this.host;
    for (let i = from; i < outputs.length; i++) {
      if (host.closed) return;
      const output = outputs[i] as SessionOutput<E>;
      if (output.type === 'send') {
        host.send(output.bytes);
        continue;
      }
      let pending: Promise<void> | undefined;
      try {
        pending = host.event(output.event);
      } catch (error) {
        host.fail(error);
        return;
      }
      if (pending) {
        this.blocked = true;
        pending
          .catch((error: unknown) => host.fail(error))
          .finally(() => {
            this.blocked = false;
            this.run(outputs, i + 1);
            while (!this.blocked && !host.closed && this.inbox.length > 0)
              this.push(this.inbox.shift() as Uint8Array);
            if (!this.blocked && !host.closed) host.resume();
          });
        return;
      }
    }
  }
}
