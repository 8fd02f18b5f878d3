/**
 * Where dumped FLV bytes go: a file (written in batches with writev, so a 300 KB video tag is
 * never copied and small tags do not cost a syscall each) or stdout (with backpressure). The
 * muxer only hands out whole tags, so what is on disk is valid FLV up to its last whole tag.
 */
import { type FileHandle, open } from 'node:fs/promises';

/** A byte sink for FLV output. */
export interface FlvSink {
  /** Queues chunks (owned by the caller until `flush` resolves when `owned` is false). */
  write(chunks: readonly Uint8Array[]): Promise<void>;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Flushes and closes. */
  close(): Promise<void>;
  /** Bytes written so far (not counting the resume offset). */
  readonly bytesWritten: number;
}

const BATCH_BYTES = 1 << 20;

/** A file sink; `position` is where to start (the resume offset), the file is truncated there. */
export async function openFileSink(path: string, position: number | undefined): Promise<FlvSink> {
  const handle: FileHandle = await open(path, position === undefined ? 'w' : 'r+');
  if (position !== undefined) await handle.truncate(position);
  let offset = position ?? 0;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let written = 0;
  const flush = async () => {
    while (pending.length > 0) {
      const batch = pending.splice(0, 1024);
      let size = 0;
      for (const b of batch) size += b.length;
      let done = 0;
      while (done < size) {
        const { bytesWritten } = await handle.writev(
          done === 0 ? batch : remainder(batch, done),
          offset + done,
        );
        done += bytesWritten;
      }
      offset += size;
      written += size;
    }
    pendingBytes = 0;
  };
  return {
    async write(chunks) {
      for (const c of chunks) {
        pending.push(c);
        pendingBytes += c.length;
      }
      if (pendingBytes >= BATCH_BYTES) await flush();
    },
    flush,
    async close() {
      await flush();
      pending = [];
      await handle.close();
    },
    get bytesWritten() {
      return written + pendingBytes;
    },
  };
}

function remainder(batch: Uint8Array[], skip: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const b of batch) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}

/** A stdout sink with backpressure. */
export function stdoutSink(stream: NodeJS.WritableStream = process.stdout): FlvSink {
  let written = 0;
  return {
    async write(chunks) {
      let ok = true;
      for (const c of chunks) {
        ok = stream.write(c) && ok;
        written += c.length;
      }
      if (!ok) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    },
    async flush() {},
    async close() {},
    get bytesWritten() {
      return written;
    },
  };
}
