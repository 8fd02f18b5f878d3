// readFileChunks (what `rtmp publish` reads the file with): every byte in order, in chunks of
// the asked size, all views of one reused buffer; regular files and FIFOs; the file is closed
// when the iteration ends early; a missing file rejects with the fs error.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileChunks } from '../src/read-file-chunks.js';

const dir = mkdtempSync(join(tmpdir(), 'rtmp-read-chunks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const content = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7 + (i >> 8)) & 0xff);
const file = join(dir, 'data.bin');
writeFileSync(file, content);

const openFds = () => readdirSync('/proc/self/fd').length;

describe('readFileChunks', () => {
  for (const size of [1, 7, 4096, 10_000, 1 << 20]) {
    it(`reads every byte in order, ${size}-byte chunks of one reused buffer`, async () => {
      const copies: Buffer[] = [];
      const buffers = new Set<ArrayBufferLike>();
      for await (const chunk of readFileChunks(file, size)) {
        expect(chunk.length).toBeLessThanOrEqual(size);
        buffers.add(chunk.buffer);
        copies.push(Buffer.from(chunk));
      }
      expect(Buffer.concat(copies).equals(Buffer.from(content))).toBe(true);
      expect(copies.length).toBe(Math.ceil(content.length / size));
      expect(buffers.size).toBe(1);
    });
  }

  it('closes the file when the loop stops early', async () => {
    const before = openFds();
    for await (const chunk of readFileChunks(file, 100)) {
      expect(chunk.length).toBe(100);
      break;
    }
    expect(openFds()).toBe(before);
  });

  it('reads a FIFO (asynchronously) to its end', async () => {
    const fifo = join(dir, 'fifo');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      console.warn('mkfifo not available: FIFO case skipped');
      return;
    }
    const writer = spawn('sh', ['-c', `cat "${file}" > "${fifo}"`]);
    const writerClosed = new Promise((resolve) => writer.on('close', resolve));
    const copies: Buffer[] = [];
    for await (const chunk of readFileChunks(fifo, 4096)) copies.push(Buffer.from(chunk));
    await writerClosed;
    expect(Buffer.concat(copies).equals(Buffer.from(content))).toBe(true);
  });

  it('a missing file rejects with ENOENT', async () => {
    const iterator = readFileChunks(join(dir, 'missing.flv'), 4096);
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
