/**
 * readFileChunks: a file as byte chunks read into one reused buffer (what `rtmp publish` feeds to
 * `PublishStream.publishFlv`; FFmpeg's file protocol reads into its AVIOContext buffer the same
 * way). No allocation and no fresh memory per read: on a 300 MB file, reading through
 * `createReadStream` costs about twice the CPU, most of it page faults on new buffers.
 *
 * A regular file is read synchronously, on the calling thread: a 1 MiB read from the page cache
 * takes ~0.1-0.3 ms, and the bytes are then in this core's caches when they are chunked, where a
 * libuv pool thread would leave them in the other core's (measured: 0.13 s less CPU for a 300 MB
 * publish). Pipes, FIFOs and devices, which may block for as long as their writer likes, are
 * read asynchronously.
 */
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Yields the file's bytes in chunks of up to `chunkSize` bytes, every one a view of the same
 * buffer: a chunk is valid only until the next one is pulled (copy it to keep it). The file is
 * closed when the iteration ends, early or not.
 * @throws {Error} the `node:fs` error (ENOENT, EACCES, EISDIR...) of opening or reading the file.
 */
export async function* readFileChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const regular = (await file.stat()).isFile();
    const buffer = new Uint8Array(chunkSize);
    for (;;) {
      const bytesRead = regular
        ? readSync(file.fd, buffer, 0, chunkSize, null)
        : (await file.read(buffer, 0, chunkSize, null)).bytesRead;
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
