/**
 * The few host APIs the HTTP transport needs, typed locally because protocol packages compile
 * with `lib: ["ES2022"]` (no DOM, no Node types). Only the members actually used are declared;
 * WHATWG `fetch` (browsers, Node >= 18 / undici, Deno, Bun) satisfies {@link FetchLike}.
 */

/** The part of `AbortSignal` the transport uses. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The part of `AbortController` the transport uses. */
export interface AbortControllerLike {
  readonly signal: AbortSignalLike;
  abort(reason?: unknown): void;
}

/** The part of a `ReadableStreamDefaultReader<Uint8Array>` the transport uses. */
export interface BodyReaderLike {
  read(): Promise<{ done: boolean; value?: Uint8Array | undefined }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}

/** The part of a fetch `Response` the transport uses. */
export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: { getReader(): BodyReaderLike } | null;
}

/** The request options the transport passes to fetch. */
export interface FetchInitLike {
  method: 'POST';
  headers: Record<string, string>;
  body: Uint8Array;
  signal: AbortSignalLike;
  cache?: 'no-store';
}

/** A WHATWG-compatible `fetch`. */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<ResponseLike>;

/** Timer functions (injectable so tests can count or fake them). */
export interface TimerHost {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

interface HostGlobals {
  fetch?: FetchLike;
  AbortController?: new () => AbortControllerLike;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  performance?: { now(): number };
}

const host = globalThis as unknown as HostGlobals;

/** The global fetch, bound, or undefined when the runtime has none. */
export function globalFetch(): FetchLike | undefined {
  const f = host.fetch;
  return typeof f === 'function' ? (f.bind(globalThis) as FetchLike) : undefined;
}

/** A new AbortController from the host. */
export function newAbortController(): AbortControllerLike {
  const Ctor = host.AbortController;
  if (Ctor === undefined) throw new TypeError('AbortController is not available in this runtime');
  return new Ctor();
}

/** The host's timers. */
export const hostTimers: TimerHost = {
  setTimeout: (callback, ms) => host.setTimeout(callback, ms),
  clearTimeout: (handle) => host.clearTimeout(handle),
};

/**
 * A monotonic millisecond clock from `performance.now()`. Without it (no current runtime lacks
 * it) the clock stands still, which only makes poll delays relative to the call instead of to
 * the last response.
 */
export function hostClock(): number {
  return host.performance !== undefined ? host.performance.now() : 0;
}
