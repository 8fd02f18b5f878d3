/**
 * Where dumped FLV bytes go (rtmpdump.c writes each tag with `fwrite` as it arrives):
 * - a file: small tags (audio, metadata) are copied into one reused 1 MiB batch buffer; a tag
 *   of 16 KiB or more (video, mostly) is written straight from its chunks, together with the
 *   batch before it, with one synchronous writev, so its payload is never copied in user space.
 *   The batch is also written when full, every 250 ms while data waits (a slow live stream still
 *   reaches the disk promptly), and at close. No allocation per tag.
 * - stdout: each tag is copied once and written with the stream's backpressure.
 * The chunks a sink is given are transient (views into the client's reused buffers): a sink
 * copies or writes them before `writeTag` returns. The muxer only hands out whole tags, so what
 * is on disk is valid FLV up to its last whole tag.
 */
import { closeSync, ftruncateSync, openSync, writeSync, writevSync } from 'node:fs';

/** A byte sink for FLV output. */
export interface FlvSink {
  /**
   * Takes the chunks of whole tags, as one `FlvMuxer` call returns them (transient: copied or
   * written before this returns). A returned promise
   * asks the caller to wait before the next tag (stdout backpressure).
   * @throws the file system's error (ENOSPC, EIO...) for a file sink.
   */
  writeTag(chunks: readonly Uint8Array[]): void | Promise<void>;
  /** Writes what is batched and releases the sink (idempotent). */
  close(): Promise<void>;
  /** Bytes taken so far (not counting the resume offset). */
  readonly bytesWritten: number;
}

const BATCH_BYTES = 1 << 20;
/** Tags this large are written from their own chunks instead of being copied into the batch. */
const DIRECT_BYTES = 16 * 1024;
const FLUSH_INTERVAL_MS = 250;

/** A file sink; `position` is where to start (the resume offset): the file is truncated there. */
export function openFileSink(path: string, position: number | undefined): FlvSink {
  const fd = openSync(path, position === undefined ? 'w' : 'r+');
  if (position !== undefined) ftruncateSync(fd, position);
  let offset = position ?? 0;
  let batch: Buffer | null = null;
  let used = 0;
  let taken = 0;
  let closed = false;
  const writeAll = (bytes: Uint8Array) => {
    for (let done = 0; done < bytes.length; ) {
      done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
    }
    offset += bytes.length;
  };
  const flush = () => {
    if (used === 0 || batch === null) return;
    writeAll(batch.subarray(0, used));
    used = 0;
  };
  const timer = setInterval(() => {
    if (!closed) flush();
  }, FLUSH_INTERVAL_MS);
  timer.unref();
  return {
    writeTag(chunks) {
      let size = 0;
      for (const chunk of chunks) size += chunk.length;
      taken += size;
      if (size >= DIRECT_BYTES) {
        const list = used > 0 && batch !== null ? [batch.subarray(0, used), ...chunks] : chunks;
        const total = size + used;
        used = 0;
        writeFully(fd, list, total, offset);
        offset += total;
        return;
      }
      if (used + size > BATCH_BYTES) flush();
      batch ??= Buffer.allocUnsafeSlow(BATCH_BYTES);
      for (const chunk of chunks) {
        batch.set(chunk, used);
        used += chunk.length;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      try {
        flush();
      } finally {
        closeSync(fd);
      }
    },
    get bytesWritten() {
      return taken;
    },
  };
}

/** Writes `chunks` (`size` bytes) at `position` with writev, resuming after partial writes. */
function writeFully(fd: number, chunks: readonly Uint8Array[], size: number, position: number): void {
  let done = 0;
  let pending = chunks as Uint8Array[];
  while (done < size) {
    const wrote = writevSync(fd, pending, position + done);
    done += wrote;
    if (done < size) pending = skip(chunks, done);
  }
}

function skip(chunks: readonly Uint8Array[], count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const chunk of chunks) {
    if (count >= chunk.length) {
      count -= chunk.length;
      continue;
    }
    out.push(count > 0 ? chunk.subarray(count) : chunk);
    count = 0;
  }
  return out;
}

/** A stdout sink with backpressure: each tag is copied once, then written. */
export function stdoutSink(stream: NodeJS.WritableStream = process.stdout): FlvSink {
  let written = 0;
  return {
    writeTag(chunks) {
      // A destroyed stdout (EPIPE: `rtmp dump -o - | head`) emits nothing more: fail, not hang.
      if (isClosed(stream)) throw new Error('stdout is closed');
      let size = 0;
      for (const chunk of chunks) size += chunk.length;
      const copy = Buffer.allocUnsafe(size);
      let at = 0;
      for (const chunk of chunks) {
        copy.set(chunk, at);
        at += chunk.length;
      }
      written += size;
      if (stream.write(copy)) return;
      if (isClosed(stream)) throw new Error('stdout is closed');
      // Wait for drain, or for the end of stdout (a closed pipe must not hang the dump).
      return new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          stream.off('error', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
        stream.on('error', done);
      });
    },
    async close() {},
    get bytesWritten() {
      return written;
    },
  };
}

function isClosed(stream: NodeJS.WritableStream): boolean {
  const state = stream as { destroyed?: boolean; writableEnded?: boolean };
  return state.destroyed === true || state.writableEnded === true;
}
