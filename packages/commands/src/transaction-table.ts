/**
 * TransactionTable: allocates command transaction ids and matches `_result` / `_error` answers
 * to the call they answer (RTMP spec 7.2.1.1 "transaction ID"; protocol.md §5.1 "Transaction
 * matching": librtmp's method-call queue, FFmpeg's tracked invokes).
 *
 * Ids start at 1 (connect) and increase by one per call; 0 is the "no answer wanted" id and is
 * never allocated. Answers may arrive in any order. `play`/`publish` are often answered by
 * `onStatus` (transaction 0) instead of `_result`, so {@link TransactionTable.takeByName} removes
 * the oldest pending call with a given name. Bounded by `maxPending`; sans-IO (the caller passes
 * its own clock reading to {@link TransactionTable.allocate} and {@link TransactionTable.expire}).
 */

import { RtmpError } from '@rtmp/core';
import { CommandsErrorCode } from './commands-error-code.js';

/** A call waiting for its answer. */
export interface PendingTransaction<T> {
  /** The transaction id sent with the call. */
  readonly id: number;
  /** The command name (`connect`, `createStream`, `play`, …). */
  readonly name: string;
  /** Whatever the caller attached (a promise's resolvers, a stream handle, …). */
  readonly context: T;
  /** The caller's clock reading when the call was sent (0 when not given). */
  readonly sentAt: number;
}

/** Options for {@link TransactionTable}. */
export interface TransactionTableOptions {
  /** Most calls pending at once (default 1024): `COMMANDS_TOO_MANY_PENDING` past it. */
  maxPending?: number;
  /** The first id allocated (default 1). */
  firstId?: number;
}

/** The pending-call table of one NetConnection. */
export class TransactionTable<T = undefined> {
  private readonly pending = new Map<number, PendingTransaction<T>>();
  private readonly maxPending: number;
  private next: number;

  /** @throws {RtmpError} COMMANDS_INVALID_TRANSACTION — `firstId` is not a positive safe integer */
  constructor(options: TransactionTableOptions = {}) {
    this.maxPending = options.maxPending ?? 1024;
    this.next = options.firstId ?? 1;
    if (!Number.isSafeInteger(this.next) || this.next < 1) throw invalidId(this.next, 'firstId');
  }

  /** Calls waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** The id the next {@link allocate} returns. */
  get nextId(): number {
    return this.next;
  }

  /**
   * Registers a call and returns its new transaction id.
   * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING — `maxPending` calls are already waiting
   */
  allocate(name: string, context: T, sentAt = 0): number {
    this.checkRoom(name);
    let id = this.next;
    // Skip ids still pending from an explicit register() (or after a wrap, never in practice).
    while (this.pending.has(id)) id = id >= Number.MAX_SAFE_INTEGER ? 1 : id + 1;
    this.next = id >= Number.MAX_SAFE_INTEGER ? 1 : id + 1;
    this.pending.set(id, { id, name, context, sentAt });
    return id;
  }

  /**
   * Registers a call sent with an id chosen elsewhere (e.g. a replayed connect with id 1).
   * @throws {RtmpError} COMMANDS_INVALID_TRANSACTION — `id` is not a positive safe integer or is pending
   * @throws {RtmpError} COMMANDS_TOO_MANY_PENDING — `maxPending` calls are already waiting
   */
  register(id: number, name: string, context: T, sentAt = 0): void {
    if (!Number.isSafeInteger(id) || id < 1) throw invalidId(id, 'id');
    if (this.pending.has(id)) {
      throw new RtmpError(CommandsErrorCode.InvalidTransaction, `transaction ${id} is already pending`, {
        details: { id, name, pendingName: this.pending.get(id)!.name },
      });
    }
    this.checkRoom(name);
    this.pending.set(id, { id, name, context, sentAt });
    if (id >= this.next) this.next = id >= Number.MAX_SAFE_INTEGER ? 1 : id + 1;
  }

  /**
   * Removes and returns the call a `_result`/`_error` with `transactionId` answers, or undefined
   * when no such call is pending (librtmp logs and ignores those). Throws nothing.
   */
  match(transactionId: number): PendingTransaction<T> | undefined {
    const entry = this.pending.get(transactionId);
    if (entry !== undefined) this.pending.delete(transactionId);
    return entry;
  }

  /** The pending call with `transactionId`, left in place. Throws nothing. */
  peek(transactionId: number): PendingTransaction<T> | undefined {
    return this.pending.get(transactionId);
  }

  /**
   * Removes and returns the oldest pending call named `name` (for `play`/`publish` answered by
   * `onStatus`), or undefined. Throws nothing.
   */
  takeByName(name: string): PendingTransaction<T> | undefined {
    for (const entry of this.pending.values()) {
      if (entry.name === name) {
        this.pending.delete(entry.id);
        return entry;
      }
    }
    return undefined;
  }

  /** Removes and returns every call sent before `cutoff` (caller's clock), oldest first. Throws nothing. */
  expire(cutoff: number): PendingTransaction<T>[] {
    const expired: PendingTransaction<T>[] = [];
    for (const entry of this.pending.values()) {
      if (entry.sentAt < cutoff) expired.push(entry);
    }
    for (const entry of expired) this.pending.delete(entry.id);
    return expired;
  }

  /** Removes and returns every pending call, oldest first (on disconnect). Throws nothing. */
  clear(): PendingTransaction<T>[] {
    const all = [...this.pending.values()];
    this.pending.clear();
    return all;
  }

  /** Pending calls, oldest first. Throws nothing. */
  entries(): IterableIterator<PendingTransaction<T>> {
    return this.pending.values();
  }

  private checkRoom(name: string): void {
    if (this.pending.size >= this.maxPending) {
      throw new RtmpError(
        CommandsErrorCode.TooManyPending,
        `${this.pending.size} calls are waiting for an answer, limit is ${this.maxPending}`,
        { details: { name, pending: this.pending.size, limit: this.maxPending } },
      );
    }
  }
}

function invalidId(id: number, field: string): RtmpError {
  return new RtmpError(
    CommandsErrorCode.InvalidTransaction,
    `${field} ${id} is not a positive safe integer`,
    {
      details: { [field]: id },
    },
  );
}
