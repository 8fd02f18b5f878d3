// Test support: drives a sans-IO ClientSession over a real TCP socket (only tests do IO here).
import { randomFillSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import {
  ClientSession,
  type ClientSessionOptions,
  type SessionEvent,
  type SessionOutput,
} from '@rtmp/session';

export interface PumpedSession {
  session: ClientSession;
  socket: Socket;
  events: SessionEvent[];
  /** Resolves with the first event matching `predicate` (rejects on socket error/close or timeout). */
  waitFor(predicate: (event: SessionEvent) => boolean, timeoutMs?: number): Promise<SessionEvent>;
  /** Writes the sends and records the events of a session call's outputs. */
  apply(outputs: SessionOutput[]): void;
  close(): void;
}

export function pumpSession(
  port: number,
  options: Omit<ClientSessionOptions, 'random'>,
  host = '127.0.0.1',
): PumpedSession {
  const session = new ClientSession({ random: (b) => randomFillSync(b), ...options });
  const socket = connect(port, host);
  socket.setNoDelay(true);
  const events: SessionEvent[] = [];
  const waiters = new Set<{
    predicate: (e: SessionEvent) => boolean;
    resolve: (e: SessionEvent) => void;
    reject: (e: Error) => void;
  }>();
  let failure: Error | undefined;
  const apply = (outputs: SessionOutput[]) => {
    for (const output of outputs) {
      if (output.type === 'send') socket.write(output.bytes);
      else {
        events.push(output.event);
        for (const waiter of waiters) {
          if (waiter.predicate(output.event)) {
            waiters.delete(waiter);
            waiter.resolve(output.event);
          }
        }
      }
    }
  };
  const fail = (error: Error) => {
    failure ??= error;
    for (const waiter of waiters) waiter.reject(error);
    waiters.clear();
  };
  socket.on('connect', () => apply(session.start()));
  socket.on('data', (data) => {
    try {
      apply(session.receive(data));
    } catch (error) {
      fail(error as Error);
      socket.destroy();
    }
  });
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('socket closed')));
  return {
    session,
    socket,
    events,
    apply,
    waitFor(predicate, timeoutMs = 15_000) {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out; events: ${events.map((e) => e.type).join(',')}`)),
          timeoutMs,
        );
        waiters.add({
          predicate,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      });
    },
    close() {
      socket.destroy();
    },
  };
}
