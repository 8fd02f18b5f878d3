/**
 * The "Node floor" of the download bench: a plain TCP server (in the bench process) that sends a
 * file's bytes to every connection, and the commands of Node clients that only receive them
 * (to /dev/null or into a file). No RTMP at all: what a Node program pays to take the same bytes
 * off a loopback socket, to compare the RTMP clients with. Two clients:
 * - `stream`: the everyday way, socket 'data' events (a fresh Buffer per read) piped to a file
 *   write stream;
 * - `onread`: the cheapest way Node offers, reads into one reused 256 KiB buffer through the
 *   socket's `onread` option and synchronous writes of it: no allocation per read.
 */
import { createReadStream } from 'node:fs';
import { createServer } from 'node:net';

/** A running raw file server. */
export interface RawFileServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `path` to every connection on a free loopback port. */
export async function startRawFileServer(path: string): Promise<RawFileServer> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    createReadStream(path, { highWaterMark: 1 << 20 }).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `node -e` arguments of a client that reads everything from `port` into `out` (or discards it). */
export function rawClientArgs(port: number, out: string, mode: 'stream' | 'onread' = 'stream'): string[] {
  if (mode === 'onread') {
    const write = out === '/dev/null' ? '' : `fs.writeSync(fd,b,0,n);`;
    return [
      '-e',
      `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(out)},'w');` +
        `require('net').connect({port:${port},host:'127.0.0.1',onread:{buffer:Buffer.allocUnsafeSlow(262144),` +
        `callback(n,b){${write}}}}).on('end',()=>fs.closeSync(fd));`,
    ];
  }
  const sink =
    out === '/dev/null'
      ? "s.on('data',()=>{})"
      : `s.pipe(require('fs').createWriteStream(${JSON.stringify(out)}))`;
  return ['-e', `const s=require('net').connect(${port},'127.0.0.1');${sink}`];
}
